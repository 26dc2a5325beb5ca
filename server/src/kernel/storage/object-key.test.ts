import { describe, expect, it } from 'vitest';
import { assertObjectKey, assertObjectPrefix, InvalidObjectKeyError } from './object-key.ts';
import { unsafeKeys } from './storage-contract.ts';

describe('object keys', () => {
  it('accepts relative paths such as rendition segments', () => {
    for (const key of [
      'audio/abc/128k/seg-1.m4s',
      'a',
      'packs/Drum Kit (vol. 2).zip',
      'ünïcode/ключ',
      'a..b/c.',
    ]) {
      expect(() => assertObjectKey(key), key).not.toThrow();
    }
  });

  it('refuses anything that could escape the root or alias another key', () => {
    for (const key of unsafeKeys) expect(() => assertObjectKey(key), key).toThrow(InvalidObjectKeyError);
    expect(() => assertObjectKey('x'.repeat(1025))).toThrow(InvalidObjectKeyError);
  });

  it('accepts prefixes that are empty, end with a slash or with part of a segment', () => {
    for (const prefix of ['', 'audio/', 'audio/ab', 'audio/abc/128k/']) {
      expect(() => assertObjectPrefix(prefix), prefix).not.toThrow();
    }
    for (const prefix of ['/', '../', '..', 'a/..', 'a/../b', 'a\\', 'a//', '//']) {
      expect(() => assertObjectPrefix(prefix), prefix).toThrow(InvalidObjectKeyError);
    }
  });
});
