import { DOWNLOAD_MP3, WAVEFORM_JSON } from './media-keys.ts';
import { MEDIA_TOKEN_PARAM } from './media-url-signature.ts';

/**
 * The stream service's public URL layout, which the tracks service hands to players:
 *
 *   /api/v1/stream/tracks/<id>/<version>/<file>     file = master.m3u8, manifest.mpd, 128/index.m3u8,
 *                                                   128/init.mp4, 128/seg-00000.m4s, waveform.json,
 *                                                   download.mp3
 *   /api/v1/stream/tracks/<id>/<version>/original   the upload as received (lossless download)
 *
 * Versioned paths never change content, so they are cacheable forever. `base` is VEZA_CDN_BASE_URL when
 * set (a CDN in front of /api/v1/stream), else '' for same-origin URLs. `token` is a MediaUrlSigner token,
 * given for private and unlisted tracks.
 */
export function streamFileUrl(base: string, trackId: string, version: number, file: string, token?: string) {
  const query = token ? `?${MEDIA_TOKEN_PARAM}=${encodeURIComponent(token)}` : '';
  return `${base.replace(/\/+$/, '')}/api/v1/stream/tracks/${trackId}/${version}/${file}${query}`;
}

export const STREAM_FILES = {
  hls: 'master.m3u8',
  dash: 'manifest.mpd',
  waveform: WAVEFORM_JSON,
  mp3: DOWNLOAD_MP3,
  original: 'original',
} as const;
