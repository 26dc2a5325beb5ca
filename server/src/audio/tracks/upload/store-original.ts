import { createReadStream } from 'node:fs';
import type { ObjectStorage } from '../../../kernel/storage/object-storage.ts';
import { originalKey } from '../../shared/media-keys.ts';
import type { UploadedFile } from './uploaded-file.ts';

/** Streams an accepted upload into object storage as the version's original; returns its key. */
export async function storeOriginal(
  storage: ObjectStorage,
  trackId: string,
  version: number,
  file: UploadedFile,
): Promise<string> {
  const key = originalKey(trackId, version);
  await storage.put(key, createReadStream(file.path), { contentType: file.contentType });
  return key;
}
