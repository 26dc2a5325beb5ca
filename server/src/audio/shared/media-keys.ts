/**
 * Where the audio domain keeps its objects. The tracks service writes originals and artwork; the transcode
 * service writes everything under a version's rendition prefix; each deletes what it wrote.
 *
 *   tracks/<id>/v<n>/original          the upload as received (lossless download when allowed)
 *   tracks/<id>/artwork/<a>/<size>.webp
 *   audio/<id>/v<n>/master.m3u8        HLS master (hls-ladder.ts) and manifest.mpd (dash-manifest.ts)
 *   audio/<id>/v<n>/<kbps>/index.m3u8, init.mp4, seg-00000.m4s …
 *   audio/<id>/v<n>/download.mp3, waveform.json
 */
export const trackPrefix = (trackId: string) => `tracks/${trackId}/`;
export const originalKey = (trackId: string, version: number) => `tracks/${trackId}/v${version}/original`;
export const artworkPrefix = (trackId: string) => `tracks/${trackId}/artwork/`;
export const artworkKey = (trackId: string, artworkVersion: string, size: string) =>
  `tracks/${trackId}/artwork/${artworkVersion}/${size}.webp`;

export const audioPrefix = (trackId: string) => `audio/${trackId}/`;
export const renditionPrefix = (trackId: string, version: number) => `audio/${trackId}/v${version}/`;

/** Files of a version's rendition prefix besides the ladder's own (master.m3u8, manifest.mpd, <kbps>/…). */
export const DOWNLOAD_MP3 = 'download.mp3';
export const WAVEFORM_JSON = 'waveform.json';
