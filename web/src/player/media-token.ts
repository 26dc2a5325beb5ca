import type { Playback } from '../api/track-types.ts';

/** Signed URLs are renewed when less than this is left, so a track never starts with a token about to lapse. */
const RENEW_MARGIN_MS = 2 * 60_000;

/** The signed media token (`?t=`) of a private or unlisted track's URLs, which a play session presents too. */
export function mediaToken(playback: Playback): string | undefined {
  return new URL(playback.hls, globalThis.location?.origin).searchParams.get('t') ?? undefined;
}

export function needsRenewal(playback: Playback, now = Date.now()): boolean {
  return playback.expiresAt !== null && Date.parse(playback.expiresAt) - now < RENEW_MARGIN_MS;
}
