import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { uploadTooLarge } from './upload-problems.ts';

export interface TempUploadFile {
  path: string;
  bytes: number;
  /** Removes the file; safe to call twice. */
  discard(): Promise<void>;
}

/** Where uploads wait while they are probed: under the data directory, since they can be gigabytes. */
export const uploadTempDir = (dataDir: string) => path.join(path.resolve(dataDir), 'tmp', 'uploads');

/**
 * Streams a request's file to a temporary file, never holding it whole in memory, and stops with 413 as
 * soon as it passes `maxBytes` (the partial file is removed). The probe needs a seekable file, and a
 * refused upload must leave nothing in object storage, so storage only sees files that passed.
 */
export async function receiveToTempFile(
  source: Readable,
  dir: string,
  maxBytes: number,
): Promise<TempUploadFile> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, randomUUID());
  const discard = () => rm(file, { force: true });
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) done(uploadTooLarge(maxBytes));
      else done(null, chunk);
    },
  });
  try {
    await pipeline(source, counter, createWriteStream(file));
  } catch (error) {
    await discard();
    throw error;
  }
  return { path: file, bytes, discard };
}
