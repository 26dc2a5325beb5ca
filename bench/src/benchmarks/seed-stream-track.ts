import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

/** The segment the stream benchmark serves, as the tracks service would hand it to a player. */
export interface StreamSegment {
  trackId: string;
  /** Path and query of the signed segment URL: `/api/v1/stream/tracks/<id>/1/128/seg-00000.m4s?t=…`. */
  path: string;
  bytes: Buffer;
  durationSeconds: number;
}

const SEGMENT = '128/seg-00000.m4s';

async function get(url: string): Promise<{ status: number; body: Buffer }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
}

/**
 * Seeds a private track through the audio fixture (a real 14 s rendering of the AAC ladder), waits until
 * the stream service serves its first 128 kbit/s segment with the signed URL, and checks that the token
 * is what lets it through: without it the same path is refused.
 */
export async function seedStreamTrack(baseUrl: string): Promise<StreamSegment> {
  const seeded = await fetch(`${baseUrl}/api/v1/audio-fixture/tracks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ownerId: randomUUID(), visibility: 'private', downloadable: false, seconds: 14 }),
    signal: AbortSignal.timeout(120_000),
  });
  if (seeded.status !== 201)
    throw new Error(`seeding the track answered ${seeded.status}: ${await seeded.text()}`);
  const track = (await seeded.json()) as { trackId: string; token: string };
  const base = `/api/v1/stream/tracks/${track.trackId}/1/`;
  const signed = (file: string) => `${base}${file}?t=${encodeURIComponent(track.token)}`;

  let segment = await get(baseUrl + signed(SEGMENT));
  for (let waited = 0; segment.status === 404 && waited < 30_000; waited += 100) {
    await sleep(100); // the stream service learns of the track from its events, a moment later
    segment = await get(baseUrl + signed(SEGMENT));
  }
  if (segment.status !== 200) throw new Error(`the signed segment URL answered ${segment.status}`);
  const unsigned = await get(`${baseUrl}${base}${SEGMENT}`);
  if (unsigned.status !== 403)
    throw new Error(`the segment of a private track answered ${unsigned.status} without its token`);

  const playlist = (await get(baseUrl + signed('128/index.m3u8'))).body.toString('utf8');
  const duration = /#EXTINF:([\d.]+)/.exec(playlist)?.[1];
  if (!duration) throw new Error('the rendition playlist lists no segment');
  return {
    trackId: track.trackId,
    path: signed(SEGMENT),
    bytes: segment.body,
    durationSeconds: Number(duration),
  };
}
