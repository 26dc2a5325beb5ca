import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import type { ObjectStorage } from '../../kernel/storage/object-storage.ts';

/** The content type of every file a transcode writes, by extension (the stream service serves it as stored). */
export const RENDITION_CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.mpd': 'application/dash+xml',
  // Audio-only fMP4: init and media segments.
  '.mp4': 'audio/mp4',
  '.m4s': 'audio/mp4',
  '.mp3': 'audio/mpeg',
  '.json': 'application/json',
};

const PARALLEL_UPLOADS = 4;

/**
 * Uploads every file under `dir` to `prefix` + its relative path, streamed from disk. Playlists and
 * manifests go last, so a reader that finds one also finds every segment it names.
 */
export async function uploadRenditions(
  storage: ObjectStorage,
  dir: string,
  prefix: string,
  signal: AbortSignal,
): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
  for (const file of files) {
    if (!RENDITION_CONTENT_TYPES[extname(file)])
      throw new Error(`no content type for rendition file ${file}`);
  }
  const isIndex = (file: string) => ['.m3u8', '.mpd'].includes(extname(file));
  for (const batch of [files.filter((f) => !isIndex(f)), files.filter(isIndex)]) {
    for (let at = 0; at < batch.length; at += PARALLEL_UPLOADS) {
      signal.throwIfAborted();
      await Promise.all(
        batch.slice(at, at + PARALLEL_UPLOADS).map((file) =>
          storage.put(`${prefix}${file}`, createReadStream(join(dir, file)), {
            contentType: RENDITION_CONTENT_TYPES[extname(file)],
          }),
        ),
      );
    }
  }
  return files.length;
}
