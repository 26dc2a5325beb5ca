import type { Readable } from 'node:stream';
import type { ByteRange } from './byte-range.ts';

/**
 * Where uploads, renditions (HLS/DASH segments), waveforms and marketplace files live: local disk for the
 * embedded process, any S3-compatible service for a distributed deployment.
 *
 * Keys are `/`-separated relative paths such as `audio/abc/128k/seg-1.m4s` (rules in object-key.ts); every
 * method refuses a key that could escape the root with an InvalidObjectKeyError. Prefixes are plain string
 * prefixes as in S3: end one with `/` to mean "this folder" (`tracks/1/` leaves `tracks/10/` alone).
 */
export interface ObjectStorage {
  readonly kind: 'local' | 's3';
  /** Replaces the object whole: readers see the old bytes or the new, never a mix. A Readable is streamed. */
  put(key: string, body: Buffer | Readable, options?: { contentType?: string }): Promise<{ size: number }>;
  /**
   * `range` is inclusive at both ends like HTTP `Range: bytes=start-end`; an `end` past the last byte reads
   * to the end. `size` is always the size of the whole object (what `Content-Range: …/size` needs). A range
   * starting at or past the end rejects with RangeNotSatisfiableError. Null when there is no such object.
   */
  get(key: string, range?: ByteRange): Promise<{ body: Readable; size: number; contentType?: string } | null>;
  stat(key: string): Promise<{ size: number; contentType?: string } | null>;
  /** Deleting an object that does not exist is not an error. */
  delete(key: string): Promise<void>;
  /** Returns how many objects were deleted. */
  deletePrefix(prefix: string): Promise<number>;
  /** Every key under the prefix, sorted in byte order as S3 lists them. `''` lists everything. */
  list(prefix: string): Promise<string[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
