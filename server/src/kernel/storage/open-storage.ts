import { join } from 'node:path';
import { LocalStorage } from './local-storage.ts';
import type { ObjectStorage } from './object-storage.ts';
import { S3Storage, type S3StorageOptions } from './s3-storage.ts';

/**
 * S3_* settings decide: given, every process shares the bucket; absent, objects are files under
 * `<dataDir>/objects`. Creating a missing bucket is `S3Storage.ensureBucket()`, left to startup code.
 */
export function openStorage(options: { dataDir: string; s3?: S3StorageOptions }): ObjectStorage {
  if (options.s3) return new S3Storage(options.s3);
  return new LocalStorage(join(options.dataDir, 'objects'));
}
