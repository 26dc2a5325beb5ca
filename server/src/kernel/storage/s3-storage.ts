import { Readable } from 'node:stream';
import {
  type BucketLocationConstraint,
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  paginateListObjectsV2,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { assertByteRange, type ByteRange, RangeNotSatisfiableError } from './byte-range.ts';
import { compareKeys } from './key-order.ts';
import { assertObjectKey, assertObjectPrefix } from './object-key.ts';
import type { ObjectStorage } from './object-storage.ts';
import { MultipartUpload } from './s3-multipart-upload.ts';
import { readParts } from './stream-parts.ts';

export interface S3StorageOptions {
  /** An S3-compatible endpoint (MinIO, Ceph, R2, AWS…), e.g. http://127.0.0.1:9000. */
  endpoint: string;
  bucket: string;
  region: string;
  /** Without both keys the SDK's default chain applies (environment, instance role, …). */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** `http://host/bucket/key` rather than `http://bucket.host/key`: what most self-hosted services need. */
  forcePathStyle: boolean;
  /** Size of the parts a stream is cut into. S3 wants ≥ 5 MiB (except the last) and ≤ 10 000 parts. */
  partSize?: number;
}

const defaultPartSize = 8 * 1024 * 1024;

/** Objects in one bucket of an S3-compatible service, shared by every process. */
export class S3Storage implements ObjectStorage {
  readonly kind = 's3';
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly partSize: number;

  constructor(options: S3StorageOptions) {
    this.bucket = options.bucket;
    this.partSize = options.partSize ?? defaultPartSize;
    const { accessKeyId, secretAccessKey } = options;
    this.client = new S3Client({
      endpoint: options.endpoint,
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
      // The SDK's default adds CRC checksums sent as aws-chunked trailers, which many S3-compatible services
      // (and s3rver in the tests) reject; checksums then go only where the API requires them.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  /** Creates the bucket unless it exists: for `veza migrate` or first start, not for every request. */
  async ensureBucket(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
      return;
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
    const region = await this.client.config.region();
    try {
      await this.client.send(
        new CreateBucketCommand({
          Bucket: this.bucket,
          // us-east-1 is the default location and AWS refuses it when named explicitly.
          ...(region === 'us-east-1'
            ? {}
            : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
        }),
      );
    } catch (error) {
      // Another process created it between our HEAD and CREATE.
      if (!(error instanceof S3ServiceException && error.name === 'BucketAlreadyOwnedByYou')) throw error;
    }
  }

  async put(
    key: string,
    body: Buffer | Readable,
    options: { contentType?: string } = {},
  ): Promise<{ size: number }> {
    assertObjectKey(key);
    const target = { Bucket: this.bucket, Key: key, ContentType: options.contentType };
    if (Buffer.isBuffer(body)) {
      await this.client.send(new PutObjectCommand({ ...target, Body: body, ContentLength: body.length }));
      return { size: body.length };
    }
    // A stream's length is unknown: a body of at most one part goes up in a single PUT; anything longer
    // becomes a multipart upload, one part in memory per request in flight, never the whole body.
    let held: Buffer | undefined;
    let upload: MultipartUpload | undefined;
    let size = 0;
    try {
      for await (const part of readParts(body, this.partSize)) {
        size += part.length;
        if (held) {
          upload ??= await MultipartUpload.start(this.client, target);
          await upload.add(held);
        }
        held = part;
      }
      if (upload) {
        if (held) await upload.add(held);
        await upload.complete();
      } else {
        const whole = held ?? Buffer.alloc(0);
        await this.client.send(new PutObjectCommand({ ...target, Body: whole, ContentLength: whole.length }));
      }
    } catch (error) {
      body.destroy();
      await upload?.abort();
      throw error;
    }
    return { size };
  }

  async get(
    key: string,
    range?: ByteRange,
  ): Promise<{ body: Readable; size: number; contentType?: string } | null> {
    assertObjectKey(key);
    assertByteRange(range);
    try {
      const response = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Range: range ? `bytes=${range.start}-${range.end ?? ''}` : undefined,
        }),
      );
      if (!(response.Body instanceof Readable)) throw new Error('S3 GetObject returned no Node.js stream');
      // A ranged response's Content-Length is the part's; the whole size is the total in Content-Range.
      const total = response.ContentRange?.match(/\/(\d+)$/)?.[1];
      return {
        body: response.Body,
        size: total === undefined ? (response.ContentLength ?? 0) : Number(total),
        contentType: response.ContentType,
      };
    } catch (error) {
      if (statusOf(error) === 404) return null;
      if (statusOf(error) === 416) {
        const object = await this.stat(key);
        if (!object) return null;
        throw new RangeNotSatisfiableError(object.size);
      }
      throw error;
    }
  }

  async stat(key: string): Promise<{ size: number; contentType?: string } | null> {
    assertObjectKey(key);
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: head.ContentLength ?? 0, contentType: head.ContentType };
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertObjectKey(key);
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async deletePrefix(prefix: string): Promise<number> {
    let deleted = 0;
    // A listing page holds at most 1 000 keys, which is also DeleteObjects' limit.
    for await (const page of this.pages(prefix)) {
      const objects = (page.Contents ?? []).flatMap((object) => (object.Key ? [{ Key: object.Key }] : []));
      if (objects.length === 0) continue;
      const result = await this.client.send(
        new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: objects, Quiet: true } }),
      );
      const failed = result.Errors ?? [];
      if (failed.length > 0) {
        const first = failed[0];
        throw new Error(
          `S3 could not delete ${failed.length} objects, e.g. ${first?.Key}: ${first?.Message}`,
        );
      }
      deleted += objects.length;
    }
    return deleted;
  }

  async list(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    for await (const page of this.pages(prefix)) {
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    }
    return keys.sort(compareKeys);
  }

  async ping(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
  }

  async close(): Promise<void> {
    this.client.destroy();
  }

  private pages(prefix: string): AsyncIterable<ListObjectsV2CommandOutput> {
    assertObjectPrefix(prefix);
    return paginateListObjectsV2({ client: this.client }, { Bucket: this.bucket, Prefix: prefix });
  }
}

const statusOf = (error: unknown) =>
  error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
