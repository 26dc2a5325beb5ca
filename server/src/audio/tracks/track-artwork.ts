/** Track artwork: square WebP, named sizes clients pick from (`small` for lists, `large` for the page). */
export const ARTWORK_SIZES = [
  ['small', { width: 200, height: 200 }],
  ['medium', { width: 500, height: 500 }],
  ['large', { width: 1000, height: 1000 }],
] as const;
export type ArtworkSize = (typeof ARTWORK_SIZES)[number][0];

/** Served by the tracks service; versions are random, so a private track's artwork cannot be guessed. */
export const artworkPath = (trackId: string, version: string, size: string) =>
  `/api/v1/tracks/artwork/${trackId}/${version}/${size}.webp`;
