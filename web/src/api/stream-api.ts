import { requestJson } from './json-request.ts';

/** Play sessions of the stream service (docs/api/audio.md): a play counts after 30 s of listening. */

export const startPlay = (trackId: string, token: string | undefined) =>
  requestJson<{ playId: string }>('/api/v1/stream/plays', {
    method: 'POST',
    body: token ? { trackId, token } : { trackId },
  });

/** `keepalive` lets the last report of a page that is closing still reach the server. */
export const reportPlay = (
  playId: string,
  progress: { positionSeconds: number; listenedSeconds: number },
  keepalive = false,
) =>
  requestJson<{ counted: boolean }>(`/api/v1/stream/plays/${encodeURIComponent(playId)}`, {
    method: 'POST',
    body: progress,
    keepalive,
  });
