import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStorage } from './local-storage.ts';
import { openStorage } from './open-storage.ts';
import { describeObjectStorageContract, readAll, unsafeKeys } from './storage-contract.ts';

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'veza-local-storage-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describeObjectStorageContract('local (openStorage without S3)', async () => {
  const storage = await openStorage({ dataDir });
  if (storage.kind !== 'local') throw new Error(`expected local storage, got ${storage.kind}`);
  return storage;
});

describe('LocalStorage on disk', () => {
  let root: string;
  let storage: LocalStorage;

  beforeAll(async () => {
    root = join(dataDir, 'disk-checks', 'objects');
    storage = new LocalStorage(root);
  });

  /** Every file and folder under the root, as relative paths, dot-files included. */
  const tree = async () => (await readdir(root, { recursive: true })).map(String).sort();

  it('keeps objects as plain files at their key, with the content type in a hidden sidecar', async () => {
    await storage.put('audio/t1/original.flac', Buffer.from('fLaC'), { contentType: 'audio/flac' });
    expect(await tree()).toEqual([
      'audio',
      'audio/t1',
      'audio/t1/.original.flac.content-type',
      'audio/t1/original.flac',
    ]);
    expect(await storage.list('')).toEqual(['audio/t1/original.flac']);
    // A new instance on the same root (a restart) still knows the type.
    expect(await new LocalStorage(root).stat('audio/t1/original.flac')).toEqual({
      size: 4,
      contentType: 'audio/flac',
    });
  });

  it('reads the type of a replaced object afresh, whichever instance replaced it', async () => {
    const reader = new LocalStorage(root);
    const writer = new LocalStorage(root);
    const typeOf = async () => {
      const object = await reader.get('types/same-size.bin');
      await readAll(object!.body);
      return object!.contentType;
    };
    await writer.put('types/same-size.bin', Buffer.from('one'), { contentType: 'audio/mp4' });
    expect(await typeOf()).toBe('audio/mp4');
    expect(await typeOf()).toBe('audio/mp4');
    await writer.put('types/same-size.bin', Buffer.from('two'), { contentType: 'audio/mpeg' });
    expect(await typeOf()).toBe('audio/mpeg');
    await writer.put('types/same-size.bin', Buffer.from('six'));
    expect(await typeOf()).toBeUndefined();
  });

  it('drops the sidecar when an object is replaced without a content type, or deleted', async () => {
    await storage.put('covers/c1.png', Buffer.from('png'), { contentType: 'image/png' });
    await storage.put('covers/c1.png', Buffer.from('raw'));
    expect(await storage.stat('covers/c1.png')).toEqual({ size: 3, contentType: undefined });
    await storage.put('covers/c2.png', Buffer.from('png'), { contentType: 'image/png' });
    await storage.delete('covers/c2.png');
    expect((await tree()).filter((path) => path.startsWith('covers/'))).toEqual(['covers/c1.png']);
  });

  it('leaves no temp file behind after a failed upload', async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error('disk full'));
      },
    });
    await expect(storage.put('failed/upload.wav', failing)).rejects.toThrow('disk full');
    expect((await tree()).filter((path) => path.startsWith('failed'))).toEqual(['failed']);
  });

  it('removes the folders a deletePrefix emptied, and keeps the others', async () => {
    await storage.put('tracks/9/hls/128k/seg-1.m4s', Buffer.from('1'));
    await storage.put('tracks/9/hls/320k/seg-1.m4s', Buffer.from('2'));
    await storage.put('tracks/90/master.wav', Buffer.from('3'));
    expect(await storage.deletePrefix('tracks/9/')).toBe(2);
    expect((await tree()).filter((path) => path.startsWith('tracks'))).toEqual([
      'tracks',
      'tracks/90',
      'tracks/90/master.wav',
    ]);
  });

  it('writes nothing outside its root for unsafe keys', async () => {
    for (const key of unsafeKeys) await expect(storage.put(key, Buffer.from('x'))).rejects.toThrow();
    expect(await readdir(join(dataDir, 'disk-checks'))).toEqual(['objects']);
  });

  it('serves a read that started before a delete to the end', async () => {
    await storage.put('stream/now.mp3', Buffer.alloc(1_000_000, 7));
    const object = await storage.get('stream/now.mp3');
    await storage.delete('stream/now.mp3');
    expect((await readAll(object!.body)).length).toBe(1_000_000);
  });
});
