import { api, unwrap } from './api-client.ts';

/** Play sessions of the stream service (docs/api/audio.md): a play counts after 30 s of listening. */

export const startPlay = (trackId: string, token: string | undefined) =>
  unwrap(api.POST('/api/v1/stream/plays', { body: token ? { trackId, token } : { trackId } }));

/** `keepalive` lets the last report of a page that is closing still reach the server. */
export const reportPlay = (
  playId: string,
  progress: { positionSeconds: number; listenedSeconds: number },
  keepalive = false,
) =>
  unwrap(
    api.POST('/api/v1/stream/plays/{playId}', { params: { path: { playId } }, body: progress, keepalive }),
  );
