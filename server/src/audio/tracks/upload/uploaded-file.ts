import type { TempUploadFile } from './temp-upload-file.ts';

/** An upload received to a temporary file, with what the client said about it. */
export interface UploadedFile extends TempUploadFile {
  fileName: string;
  contentType: string;
}

/** File names are shown and used as download names: no path, no control characters, bounded. */
export function cleanFileName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // Control characters (below U+0020, and DEL) would break a Content-Disposition header.
  const printable = [...base]
    .filter((char) => char >= ' ' && char !== '\u007f')
    .join('')
    .trim();
  return printable.slice(0, 200) || 'audio';
}

/** "my_song-final.wav" → "my song-final": a title when neither the form nor the tags give one. */
export const titleFromFileName = (fileName: string) =>
  fileName
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .replace(/_/g, ' ')
    .trim()
    .slice(0, 200) || 'Untitled';
