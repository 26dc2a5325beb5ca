import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from './open-storage.ts';
import { S3Storage, type S3StorageOptions } from './s3-storage.ts';
import { describeObjectStorageContract } from './storage-contract.ts';

// s3rver: an S3 API over a temp folder, in this process. Its fixed credentials are S3RVER/S3RVER.
let server: S3rver;
let directory: string;
let endpoint: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'veza-s3rver-'));
  server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await server?.close();
  await rm(directory, { recursive: true, force: true });
});

const optionsFor = (bucket: string): S3StorageOptions => ({
  endpoint,
  bucket,
  region: 'us-east-1',
  accessKeyId: 'S3RVER',
  secretAccessKey: 'S3RVER',
  forcePathStyle: true,
});

describeObjectStorageContract(
  's3 (openStorage with S3, against s3rver)',
  async () => {
    // openStorage creates the missing bucket itself.
    const storage = await openStorage({ dataDir: '/nonexistent', s3: optionsFor('veza-contract') });
    if (!(storage instanceof S3Storage)) throw new Error(`expected S3 storage, got ${storage.kind}`);
    return storage;
  },
  { atomicReplace: false },
);

describe('S3Storage bucket', () => {
  it('fails ping while the bucket is missing; ensureBucket creates it, and again is harmless', async () => {
    const storage = new S3Storage(optionsFor('veza-ensure'));
    try {
      await expect(storage.ping()).rejects.toThrow();
      await storage.ensureBucket();
      await storage.ensureBucket();
      await expect(storage.ping()).resolves.toBeUndefined();
    } finally {
      await storage.close();
    }
  });

  it('fails ping when the endpoint does not answer', async () => {
    const storage = new S3Storage({ ...optionsFor('veza-down'), endpoint: 'http://127.0.0.1:1' });
    try {
      await expect(storage.ping()).rejects.toThrow();
    } finally {
      await storage.close();
    }
  });
});

describe('S3Storage uploads of streams', () => {
  const MiB = 1024 * 1024;
  const zeros = (bytes: number, failAtEnd = false) =>
    Readable.from(
      (function* () {
        for (let sent = 0; sent < bytes; sent += MiB) yield Buffer.alloc(Math.min(MiB, bytes - sent));
        if (failAtEnd) throw new Error('upload interrupted');
      })(),
    );

  /** The storage and every S3 request it makes, as command name and declared body length. */
  async function recording() {
    const storage = new S3Storage(optionsFor('veza-uploads'));
    await storage.ensureBucket();
    const requests: string[] = [];
    // Test-only peek at the private client: the request sequence is the behaviour under test here.
    const client = (storage as unknown as { client: S3Client }).client;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const { ContentLength } = args.input as { ContentLength?: number };
        const command = context.commandName ?? 'unknown command';
        requests.push(ContentLength === undefined ? command : `${command} ${ContentLength}`);
        return next(args);
      },
      { step: 'initialize' },
    );
    return { storage, requests };
  }

  it('sends a stream of at most one part as a single PutObject of known length', async () => {
    const { storage, requests } = await recording();
    await storage.put('one-part', zeros(3 * MiB));
    expect(requests).toEqual([`PutObjectCommand ${3 * MiB}`]);
    await storage.close();
  });

  it('sends a longer stream as a multipart upload of 8 MiB parts', async () => {
    const { storage, requests } = await recording();
    expect(await storage.put('multipart', zeros(20 * MiB))).toEqual({ size: 20 * MiB });
    expect(requests).toEqual([
      'CreateMultipartUploadCommand',
      `UploadPartCommand ${8 * MiB}`,
      `UploadPartCommand ${8 * MiB}`,
      `UploadPartCommand ${4 * MiB}`,
      'CompleteMultipartUploadCommand',
    ]);
    expect(await storage.stat('multipart')).toMatchObject({ size: 20 * MiB });
    await storage.close();
  });

  it('aborts the multipart upload when the stream fails', async () => {
    const { storage, requests } = await recording();
    await expect(storage.put('interrupted', zeros(20 * MiB, true))).rejects.toThrow('upload interrupted');
    expect(requests[0]).toBe('CreateMultipartUploadCommand');
    expect(requests.at(-1)).toBe('AbortMultipartUploadCommand');
    expect(requests).not.toContain('CompleteMultipartUploadCommand');
    expect(await storage.stat('interrupted')).toBeNull();
    await storage.close();
  });
});
