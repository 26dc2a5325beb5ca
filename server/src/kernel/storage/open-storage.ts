import { join } from 'node:path';
import { LocalStorage } from './local-storage.ts';
import type { ObjectStorage } from './object-storage.ts';
import type { S3StorageOptions } from './s3-storage.ts';

/**
 * S3_* settings decide: given, every process shares the bucket; absent, objects are files under
 * `<dataDir>/objects`. The S3 client is loaded only when used (it is large), and a missing bucket is
 * created, so a fresh deployment starts rather than failing readiness.
 */
export async function openStorage(options: {
  dataDir: string;
  s3?: S3StorageOptions;
}): Promise<ObjectStorage> {
  if (options.s3) {
    const { S3Storage } = await import('./s3-storage.ts');
    const storage = new S3Storage(options.s3);
    await storage.ensureBucket();
    return storage;
  }
  return new LocalStorage(join(options.dataDir, 'objects'));
}
