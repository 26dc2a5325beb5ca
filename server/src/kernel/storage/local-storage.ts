import { randomUUID } from 'node:crypto';
import {
  close as closeCallback,
  constants,
  createReadStream,
  type Dirent,
  fstat as fstatCallback,
  open as openCallback,
  readFile as readFileCallback,
  type Stats,
} from 'node:fs';
import { access, type FileHandle, mkdir, open, readdir, rename, rm, rmdir, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { assertByteRange, type ByteRange, RangeNotSatisfiableError } from './byte-range.ts';
import { compareKeys } from './key-order.ts';
import { assertObjectKey, assertObjectPrefix } from './object-key.ts';
import type { ObjectStorage } from './object-storage.ts';

/**
 * Objects as plain files under a root directory (`<dataDir>/objects` in the embedded setup), so an operator
 * can back them up or inspect them with ordinary tools. A key maps to the same relative path on disk.
 *
 * Atomic replace: bytes go to a temp file in the object's own directory (same filesystem, so rename is
 * atomic), are fsynced, then renamed over the object. A reader — or a crash — never sees half an object.
 *
 * Content type: kept in a sidecar file `.<name>.content-type` beside the object, written (atomically too)
 * before the object is renamed into place, so a new object is never visible without its type. Guessing from
 * the extension would lose what the uploader declared. Only the type of an object being overwritten can be
 * briefly ahead of its bytes. Object keys never have dot-segments (object-key.ts), so every dot-file in the
 * tree is one of these temp or sidecar files, and listings skip them.
 *
 * Unlike S3, a key cannot be both an object and a folder (`a` and `a/b`): the second put fails.
 */
export class LocalStorage implements ObjectStorage {
  readonly kind = 'local';
  private readonly root: string;
  /**
   * Content types already read from sidecars, by path, each valid while the object is the same file
   * (inode, size, modification time): a put renames a new file in after writing its sidecar, so a
   * replaced object never matches, whichever process replaced it. Spares a hot object's readers (media
   * segments) four file operations per read.
   */
  private readonly knownTypes = new Map<string, { stamp: string; contentType: string | undefined }>();

  constructor(root: string) {
    this.root = resolve(root);
  }

  async put(
    key: string,
    body: Buffer | Readable,
    options: { contentType?: string } = {},
  ): Promise<{ size: number }> {
    const path = this.pathOf(key);
    const temp = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
    const file = await openInDirectory(temp);
    let size = 0;
    try {
      try {
        if (Buffer.isBuffer(body)) {
          await file.writeFile(body);
          await file.sync();
          size = body.length;
        } else {
          const countBytes = async function* (source: AsyncIterable<Uint8Array | string>) {
            for await (const chunk of source) {
              size += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
              yield chunk;
            }
          };
          // `flush` fsyncs before the stream closes the handle. (A stream with autoClose off would keep a
          // reference on the handle and make file.close() wait forever.)
          await pipeline(body, countBytes, file.createWriteStream({ flush: true }));
        }
      } finally {
        await file.close(); // a no-op once the stream has closed it
      }
      // While the temp file exists its directory is not empty, so deletePrefix cannot remove it under us.
      await this.writeContentType(path, options.contentType);
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return { size };
  }

  async get(
    key: string,
    range?: ByteRange,
  ): Promise<{ body: Readable; size: number; contentType?: string } | null> {
    assertByteRange(range);
    const path = this.pathOf(key);
    // Open first, then stat the descriptor: a concurrent replace or delete cannot change what this read
    // returns. A plain descriptor and fs.createReadStream, not a FileHandle: this is the hot path of
    // media serving, and a FileHandle stream costs about twice the CPU per read.
    const fd = await openFdIfExists(path);
    if (fd === null) return null;
    try {
      const info = await fstatFd(fd);
      if (!info.isFile()) {
        await closeFd(fd);
        return null;
      }
      if (range && range.start >= info.size) throw new RangeNotSatisfiableError(info.size);
      const contentType = await this.contentTypeOf(path, info);
      // The stream closes the descriptor when it ends or is destroyed.
      const body = createReadStream(path, range ? { fd, start: range.start, end: range.end } : { fd });
      return { body, size: info.size, contentType };
    } catch (error) {
      await closeFd(fd);
      throw error;
    }
  }

  async stat(key: string): Promise<{ size: number; contentType?: string } | null> {
    const path = this.pathOf(key);
    const file = await openIfExists(path);
    if (!file) return null;
    try {
      const info = await file.stat();
      if (!info.isFile()) return null;
      return { size: info.size, contentType: await this.readContentType(path) };
    } finally {
      await file.close();
    }
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    // The object first: once it is gone the object is gone, whatever happens to the sidecar.
    await unlinkIfPresent(path);
    await unlinkIfPresent(sidecarOf(path));
  }

  async deletePrefix(prefix: string): Promise<number> {
    const keys = await this.list(prefix);
    for (const key of keys) await this.delete(key);
    await this.removeEmptyDirectories(keys);
    return keys.length;
  }

  async list(prefix: string): Promise<string[]> {
    assertObjectPrefix(prefix);
    const keys: string[] = [];
    // Start in the folder the prefix names; its last, partial segment filters the entries there.
    await this.collect(prefix.slice(0, prefix.lastIndexOf('/') + 1), prefix, keys);
    return keys.sort(compareKeys);
  }

  async ping(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await access(this.root, constants.R_OK | constants.W_OK);
  }

  async close(): Promise<void> {}

  private pathOf(key: string): string {
    assertObjectKey(key);
    const path = join(this.root, ...key.split('/'));
    // Belt and braces: assertObjectKey already refuses anything that could resolve outside the root.
    if (!path.startsWith(this.root + sep))
      throw new Error(`object key ${key} resolves outside the storage root`);
    return path;
  }

  private async collect(folder: string, prefix: string, into: string[]): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await readdir(join(this.root, folder), { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue; // temp files and content-type sidecars
      const key = folder + entry.name;
      if (entry.isDirectory()) {
        if (`${key}/`.startsWith(prefix)) await this.collect(`${key}/`, prefix, into);
      } else if (entry.isFile() && key.startsWith(prefix)) {
        into.push(key);
      }
    }
  }

  /**
   * Removes the folders deletePrefix emptied (a deleted track would otherwise leave its rendition folders
   * behind forever), deepest first, stopping at the first one still in use. A put racing with this retries
   * creating its folder (openInDirectory).
   */
  private async removeEmptyDirectories(deletedKeys: readonly string[]): Promise<void> {
    const folders = [...new Set(deletedKeys.map((key) => dirname(this.pathOf(key))))];
    folders.sort((a, b) => b.length - a.length);
    for (const folder of folders) {
      for (let current = folder; current.startsWith(this.root + sep); current = dirname(current)) {
        try {
          await rmdir(current);
        } catch {
          break; // not empty (another object, a write in progress) or already gone
        }
      }
    }
  }

  private async writeContentType(objectPath: string, contentType: string | undefined): Promise<void> {
    const sidecar = sidecarOf(objectPath);
    if (contentType === undefined) {
      await unlinkIfPresent(sidecar);
      return;
    }
    const temp = `${sidecar}.${randomUUID()}.tmp`;
    try {
      await writeSynced(temp, contentType);
      await rename(temp, sidecar);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  private async contentTypeOf(objectPath: string, info: Stats): Promise<string | undefined> {
    const stamp = `${info.ino}:${info.size}:${info.mtimeMs}`;
    const known = this.knownTypes.get(objectPath);
    if (known?.stamp === stamp) return known.contentType;
    const contentType = await this.readContentType(objectPath);
    // Maps iterate in insertion order: past the bound, the oldest entry goes.
    if (this.knownTypes.size >= KNOWN_TYPES_MAX) this.knownTypes.delete(this.knownTypes.keys().next().value!);
    this.knownTypes.set(objectPath, { stamp, contentType });
    return contentType;
  }

  private async readContentType(objectPath: string): Promise<string | undefined> {
    try {
      return await readSmallFile(sidecarOf(objectPath), 'utf8');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }
}

const KNOWN_TYPES_MAX = 10_000;

const sidecarOf = (objectPath: string) => join(dirname(objectPath), `.${basename(objectPath)}.content-type`);

/** Creates the temp file, recreating its folder if deletePrefix removed it between mkdir and open. */
async function openInDirectory(path: string): Promise<FileHandle> {
  for (let attempt = 1; ; attempt++) {
    await mkdir(dirname(path), { recursive: true });
    try {
      return await open(path, 'wx');
    } catch (error) {
      if (errorCode(error) !== 'ENOENT' || attempt >= 5) throw error;
    }
  }
}

async function writeSynced(path: string, text: string): Promise<void> {
  const file = await open(path, 'wx');
  try {
    await file.writeFile(text);
    await file.sync();
  } finally {
    await file.close();
  }
}

async function unlinkIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    // EISDIR/EPERM: the key names a folder of other objects, which is not an object to delete.
    if (!isMissing(error) && errorCode(error) !== 'EISDIR' && errorCode(error) !== 'EPERM') throw error;
  }
}

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

/** ENOTDIR: a parent of the path is a file (key `a/b` when `a` is an object), so the path cannot exist. */
const isMissing = (error: unknown) => errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR';

// The callback API under promisify: every `get` goes through these, and the FileHandle-based promise
// API allocates and tracks a handle per call.
const openFd = promisify(openCallback);
const fstatFd = promisify(fstatCallback);
const closeFd = promisify(closeCallback);
const readSmallFile = promisify(readFileCallback);

async function openFdIfExists(path: string): Promise<number | null> {
  try {
    return await openFd(path, 'r');
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

async function openIfExists(path: string): Promise<FileHandle | null> {
  try {
    return await open(path, 'r');
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}
