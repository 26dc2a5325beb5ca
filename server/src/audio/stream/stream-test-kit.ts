import { audioFixture, type SeededTrack } from '../../../test/fixtures/audio-fixture.ts';
import { api } from '../../../test/harness/identity.ts';
import { startTestRuntime, type TestRuntime } from '../../../test/harness/test-runtime.ts';
import { eventually } from '../../../test/harness/veza-process.ts';
import { loadMasterKey } from '../../kernel/crypto/master-key.ts';
import { authService } from '../../user/auth/auth-service.ts';
import type { Visibility } from '../shared/audio-events.ts';
import { MediaUrlSigner } from '../shared/media-url-signature.ts';
import { streamFileUrl } from '../shared/stream-urls.ts';
import { streamService } from './stream-service.ts';

/**
 * What the stream tests share: a runtime with the auth service (real accounts and tokens), the audio
 * fixture standing in for the tracks and transcode services (real `tracks.*` events, real rendered
 * files) and the stream service. Not a test file itself.
 */
export const startStreamRuntime = () =>
  startTestRuntime({ services: [authService, audioFixture, streamService] });

export interface StreamFileAnswer {
  status: number;
  headers: Headers;
  bytes: Buffer;
  text: string;
}

/** GET (or HEAD) of a stream URL: a path from streamFileUrl, or one of its relatives. */
export async function fetchStream(
  runtime: TestRuntime,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<StreamFileAnswer> {
  const response = await fetch(`${runtime.url}${path}`, { method, headers });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes, text: bytes.toString('utf8') };
}

export const fileUrl = (track: SeededTrack, file: string, token?: string) =>
  streamFileUrl('', track.trackId, track.version, file, token);

/** Seeds a ready track through the fixture and waits until the stream service serves it. */
export async function seedTrack(
  runtime: TestRuntime,
  access: { ownerId: string; visibility: Visibility; downloadable: boolean; fileName?: string },
): Promise<SeededTrack> {
  const answer = await api(runtime, 'POST', '/audio-fixture/tracks', { body: access });
  if (answer.status !== 201)
    throw new Error(`seeding answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  const track = answer.body as SeededTrack;
  await runtime.settle();
  await eventually(
    () => fetchStream(runtime, fileUrl(track, 'master.m3u8', track.token)),
    (got) => got.status === 200,
  );
  return track;
}

/** Changes who may play and download the track, and waits until the stream service applies it. */
export async function changeAccess(
  runtime: TestRuntime,
  track: SeededTrack,
  access: { visibility: Visibility; downloadable: boolean },
  applied: () => Promise<boolean>,
): Promise<void> {
  const answer = await api(runtime, 'PUT', `/audio-fixture/tracks/${track.trackId}/access`, {
    body: { ownerId: track.ownerId, ...access },
  });
  if (answer.status !== 204) throw new Error(`access change answered ${answer.status}`);
  await runtime.settle();
  await eventually(applied, (done) => done);
}

/** A token as the tracks service would sign it, expiring at `expiresAt`. */
export async function signToken(runtime: TestRuntime, trackId: string, expiresAt: Date): Promise<string> {
  return new MediaUrlSigner(await loadMasterKey(runtime.config)).sign(trackId, expiresAt);
}
