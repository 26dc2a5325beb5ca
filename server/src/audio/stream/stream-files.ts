import { DOWNLOAD_MP3, WAVEFORM_JSON } from '../shared/media-keys.ts';
import { STREAM_FILES } from '../shared/stream-urls.ts';

/**
 * The files the stream service serves under `/stream/tracks/<id>/<version>/`, and how: anything else is
 * 404 before the read model or storage is asked. `playlist` files list other files' URIs, which get the
 * token when served with one; `download` files need the track to be downloadable (download-rule.ts).
 */
export interface StreamFileKind {
  /** Null for the original, whose type is the one recorded at upload. */
  contentType: string | null;
  playlist: 'hls' | 'dash' | null;
  download: boolean;
}

const kind = (contentType: string | null, playlist: StreamFileKind['playlist'], download = false) =>
  Object.freeze({ contentType, playlist, download });

const HLS_PLAYLIST = kind('application/vnd.apple.mpegurl', 'hls');
const MEDIA = kind('audio/mp4', null);

/** Files at the version's root, by exact name. */
const ROOT_FILES: ReadonlyMap<string, StreamFileKind> = new Map([
  [STREAM_FILES.hls, HLS_PLAYLIST],
  [STREAM_FILES.dash, kind('application/dash+xml', 'dash')],
  [WAVEFORM_JSON, kind('application/json', null)],
  [DOWNLOAD_MP3, kind('audio/mpeg', null, true)],
  [STREAM_FILES.original, kind(null, null, true)],
]);

/** `<kbps>/index.m3u8`, `<kbps>/init.mp4`, `<kbps>/seg-00000.m4s` (hls-ladder.ts names them). */
const RENDITION_FILE = /^\d{1,4}\/(?:(index\.m3u8)|init\.mp4|seg-\d{5,6}\.m4s)$/;

export function streamFileKind(file: string): StreamFileKind | null {
  const root = ROOT_FILES.get(file);
  if (root) return root;
  const match = RENDITION_FILE.exec(file);
  if (!match) return null;
  return match[1] ? HLS_PLAYLIST : MEDIA;
}

export const isOriginal = (file: string) => file === STREAM_FILES.original;
