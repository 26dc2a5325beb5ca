import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RangeNotSatisfiableError } from './byte-range.ts';
import { InvalidObjectKeyError } from './object-key.ts';
import type { ObjectStorage } from './object-storage.ts';

const MiB = 1024 * 1024;

/** Keys that must never reach the disk or the bucket. */
export const unsafeKeys = [
  '/etc/passwd',
  '../outside',
  'a/../../outside',
  'audio/..',
  '..',
  '.',
  'a/./b',
  'a\\b',
  '..\\outside',
  'C:/Windows/win.ini',
  '',
  'a//b',
  'a/',
  'a/.hidden',
  'nul\u0000byte',
];

/** What the service behind an implementation guarantees; the defaults are what AWS S3 and local disk give. */
export interface StorageGuarantees {
  /** Concurrent writers of one key leave one whole body. s3rver, the in-test S3, writes in place instead. */
  atomicReplace: boolean;
}

/** The behaviour every ObjectStorage must show, run against each implementation by the *.test.ts files. */
export function describeObjectStorageContract(
  name: string,
  open: () => Promise<ObjectStorage>,
  guarantees: StorageGuarantees = { atomicReplace: true },
): void {
  describe(`ObjectStorage contract: ${name}`, () => {
    let storage: ObjectStorage;
    // A folder of its own per test: tests never see each other's objects, even in a shared bucket.
    const folder = () => `contract/${randomUUID()}/`;

    beforeAll(async () => {
      storage = await open();
    });

    afterAll(async () => {
      await storage?.close();
    });

    it('answers ping', async () => {
      await expect(storage.ping()).resolves.toBeUndefined();
    });

    it('stores a Buffer and reads back the same bytes, size and content type', async () => {
      const key = `${folder()}audio/abc/128k/seg-1.m4s`;
      const data = randomBytes(10_000);
      expect(await storage.put(key, data, { contentType: 'video/iso.segment' })).toEqual({ size: 10_000 });
      expect(await storage.stat(key)).toEqual({ size: 10_000, contentType: 'video/iso.segment' });
      const object = await storage.get(key);
      expect(object?.size).toBe(10_000);
      expect(object?.contentType).toBe('video/iso.segment');
      expect((await readAll(object!.body)).equals(data)).toBe(true);
    });

    it('stores empty objects', async () => {
      const key = `${folder()}empty`;
      expect(await storage.put(key, Buffer.alloc(0))).toEqual({ size: 0 });
      expect(await storage.put(`${key}-streamed`, Readable.from([]))).toEqual({ size: 0 });
      expect((await storage.stat(key))?.size).toBe(0);
      expect((await readAll((await storage.get(`${key}-streamed`))!.body)).length).toBe(0);
    });

    it('replaces an object and its content type', async () => {
      const key = `${folder()}cover`;
      await storage.put(key, Buffer.from('first version'), { contentType: 'image/png' });
      await storage.put(key, Buffer.from('second'), { contentType: 'image/webp' });
      expect(await storage.stat(key)).toEqual({ size: 6, contentType: 'image/webp' });
      expect((await readAll((await storage.get(key))!.body)).toString()).toBe('second');
    });

    it('returns null for an object that does not exist, and deleting it is not an error', async () => {
      const key = `${folder()}nothing-here`;
      expect(await storage.get(key)).toBeNull();
      expect(await storage.get(key, { start: 0, end: 10 })).toBeNull();
      expect(await storage.stat(key)).toBeNull();
      await expect(storage.delete(key)).resolves.toBeUndefined();
    });

    it('deletes an object', async () => {
      const key = `${folder()}doomed`;
      await storage.put(key, Buffer.from('bye'));
      await storage.delete(key);
      expect(await storage.get(key)).toBeNull();
      expect(await storage.stat(key)).toBeNull();
    });

    it('reads exactly the byte ranges asked for, reporting the whole size', async () => {
      const key = `${folder()}ranged.wav`;
      const data = randomBytes(100_000);
      await storage.put(key, data, { contentType: 'audio/wav' });
      const read = async (start: number, end?: number) => {
        const object = await storage.get(key, end === undefined ? { start } : { start, end });
        expect(object?.size).toBe(100_000);
        expect(object?.contentType).toBe('audio/wav');
        return readAll(object!.body);
      };
      expect((await read(1_000, 1_999)).equals(data.subarray(1_000, 2_000))).toBe(true);
      // (Not `0-0`: s3rver reads an end of 0 as "no end" and returns everything.)
      expect((await read(5, 5)).equals(data.subarray(5, 6))).toBe(true);
      expect((await read(99_990)).equals(data.subarray(99_990))).toBe(true);
      expect((await read(0)).equals(data)).toBe(true);
      // An end past the last byte reads to the end, as HTTP ranges do.
      expect((await read(99_999, 500_000)).equals(data.subarray(99_999))).toBe(true);
    });

    it('refuses a range starting past the end, and malformed ranges', async () => {
      const key = `${folder()}short`;
      await storage.put(key, Buffer.from('0123456789'));
      const pastEnd = storage.get(key, { start: 10 });
      await expect(pastEnd).rejects.toThrow(RangeNotSatisfiableError);
      await expect(pastEnd).rejects.toMatchObject({ size: 10 });
      await expect(storage.get(key, { start: 5, end: 4 })).rejects.toThrow(RangeError);
      await expect(storage.get(key, { start: -1 })).rejects.toThrow(RangeError);
      await expect(storage.get(key, { start: 1.5 })).rejects.toThrow(RangeError);
    });

    it('streams a 20 MiB upload and reads it back byte-identical', async () => {
      const key = `${folder()}packs/big.zip`;
      const total = 20 * MiB;
      const sent = createHash('sha256');
      // Odd-sized chunks, so chunk and part boundaries never line up.
      const source = Readable.from(
        (function* () {
          for (let offset = 0; offset < total; offset += 65_543) {
            const chunk = randomBytes(Math.min(65_543, total - offset));
            sent.update(chunk);
            yield chunk;
          }
        })(),
      );
      expect(await storage.put(key, source, { contentType: 'application/zip' })).toEqual({ size: total });
      const object = await storage.get(key);
      expect(object?.size).toBe(total);
      expect(object?.contentType).toBe('application/zip');
      expect(await sha256(object!.body)).toBe(sent.digest('hex'));
      const across = await storage.get(key, { start: 8 * MiB - 3, end: 8 * MiB + 2 });
      expect((await readAll(across!.body)).length).toBe(6);
    });

    it('leaves no object behind when the body stream fails, small or large', async () => {
      const base = folder();
      for (const [label, bytesBeforeFailure] of [
        ['small', 1_000],
        ['large', 12 * MiB],
      ] as const) {
        const key = `${base}${label}`;
        const failing = Readable.from(
          (function* () {
            for (let sent = 0; sent < bytesBeforeFailure; sent += MiB)
              yield randomBytes(Math.min(MiB, bytesBeforeFailure));
            throw new Error('client went away');
          })(),
        );
        await expect(storage.put(key, failing)).rejects.toThrow('client went away');
        expect(await storage.stat(key)).toBeNull();
      }
      expect(await storage.list(base)).toEqual([]);
    });

    it.skipIf(!guarantees.atomicReplace)(
      'lets concurrent writers of one key replace each other whole',
      async () => {
        const key = `${folder()}contended`;
        const size = 2 * MiB;
        const writers = Array.from({ length: 8 }, (_, writer) =>
          storage.put(
            key,
            Readable.from(
              (function* () {
                for (let offset = 0; offset < size; offset += 256 * 1024)
                  yield Buffer.alloc(256 * 1024, writer);
              })(),
            ),
          ),
        );
        await Promise.all(writers);
        const bytes = await readAll((await storage.get(key))!.body);
        expect(bytes.length).toBe(size);
        expect(bytes.every((byte) => byte === bytes[0])).toBe(true);
      },
    );

    it('lists the keys under a prefix in byte order, prefixes matching as plain strings', async () => {
      const base = folder();
      for (const key of ['b/2', 'a/1', 'a-b', 'a/sub/3', 'ab']) {
        await storage.put(`${base}${key}`, Buffer.from(key), { contentType: 'text/plain' });
      }
      const relative = async (prefix: string) =>
        (await storage.list(`${base}${prefix}`)).map((k) => k.slice(base.length));
      expect(await relative('')).toEqual(['a-b', 'a/1', 'a/sub/3', 'ab', 'b/2']);
      expect(await relative('a/')).toEqual(['a/1', 'a/sub/3']);
      expect(await relative('a')).toEqual(['a-b', 'a/1', 'a/sub/3', 'ab']);
      expect(await relative('a/s')).toEqual(['a/sub/3']);
      expect(await relative('zzz/')).toEqual([]);
      expect(await storage.list(`missing-${randomUUID()}/`)).toEqual([]);
    });

    it('deletes every object under a prefix and nothing else', async () => {
      const base = folder();
      const keys = [
        'tracks/1/master.wav',
        'tracks/1/hls/128k/seg-1.m4s',
        'tracks/10/master.wav',
        'tracks/2/a',
      ];
      for (const key of keys) await storage.put(`${base}${key}`, Buffer.from(key));
      expect(await storage.deletePrefix(`${base}tracks/1/`)).toBe(2);
      expect((await storage.list(base)).map((k) => k.slice(base.length))).toEqual([
        'tracks/10/master.wav',
        'tracks/2/a',
      ]);
      expect(await storage.stat(`${base}tracks/1/master.wav`)).toBeNull();
      expect(await storage.deletePrefix(`${base}nothing/`)).toBe(0);
      // The emptied folder is usable again.
      await storage.put(`${base}tracks/1/again`, Buffer.from('x'));
      expect(await storage.list(`${base}tracks/1/`)).toEqual([`${base}tracks/1/again`]);
    });

    it('refuses keys and prefixes that could escape the root', async () => {
      for (const key of unsafeKeys) {
        await expect(storage.put(key, Buffer.from('x')), key).rejects.toThrow(InvalidObjectKeyError);
        await expect(storage.put(key, Readable.from([Buffer.from('x')])), key).rejects.toThrow(
          InvalidObjectKeyError,
        );
        await expect(storage.get(key), key).rejects.toThrow(InvalidObjectKeyError);
        await expect(storage.stat(key), key).rejects.toThrow(InvalidObjectKeyError);
        await expect(storage.delete(key), key).rejects.toThrow(InvalidObjectKeyError);
      }
      for (const prefix of ['/', '../', '..', 'a/../', 'a\\', '/etc/', 'a//', 'a/.']) {
        await expect(storage.list(prefix), prefix).rejects.toThrow(InvalidObjectKeyError);
        await expect(storage.deletePrefix(prefix), prefix).rejects.toThrow(InvalidObjectKeyError);
      }
    });
  });
}

export async function readAll(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

async function sha256(body: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of body) hash.update(chunk);
  return hash.digest('hex');
}
