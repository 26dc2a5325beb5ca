import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cache } from './cache.ts';

/** The behaviour every Cache must show, run against each implementation by the *.test.ts files. */
export function describeCacheContract(name: string, open: () => Promise<Cache>): void {
  describe(`Cache contract: ${name}`, () => {
    let cache: Cache;
    // Fresh keys per test, so tests never see each other's values and a shared Redis needs no flush.
    const key = (label: string) => `contract:${label}:${randomUUID()}`;

    beforeAll(async () => {
      cache = await open();
    });

    afterAll(async () => {
      await cache?.close();
    });

    it('answers ping', async () => {
      await expect(cache.ping()).resolves.toBeUndefined();
    });

    it('returns null for a key never set', async () => {
      expect(await cache.get(key('missing'))).toBeNull();
    });

    it('stores, overwrites and deletes a value', async () => {
      const k = key('roundtrip');
      await cache.set(k, 'first');
      expect(await cache.get(k)).toBe('first');
      await cache.set(k, 'second ✓ with unicode');
      expect(await cache.get(k)).toBe('second ✓ with unicode');
      await cache.delete(k);
      expect(await cache.get(k)).toBeNull();
      await expect(cache.delete(k)).resolves.toBeUndefined();
    });

    it('expires a value after its TTL, and a later set without TTL clears the TTL', async () => {
      const expiring = key('ttl');
      const persisted = key('ttl-cleared');
      await cache.set(expiring, 'soon gone', 1);
      await cache.set(persisted, 'v1', 1);
      await cache.set(persisted, 'v2');
      expect(await cache.get(expiring)).toBe('soon gone');
      await sleep(1_200);
      expect(await cache.get(expiring)).toBeNull();
      expect(await cache.get(persisted)).toBe('v2');
    });

    it('refuses a TTL that is not a positive whole number of seconds', async () => {
      await expect(cache.set(key('bad-ttl'), 'x', 0.5)).rejects.toThrow(RangeError);
      await expect(cache.increment(key('bad-ttl'), 0)).rejects.toThrow(RangeError);
    });

    it('counts from 1 and keeps counting', async () => {
      const k = key('counter');
      expect(await cache.increment(k)).toBe(1);
      expect(await cache.increment(k)).toBe(2);
      expect(await cache.get(k)).toBe('2');
    });

    it('increments atomically under 200 concurrent calls', async () => {
      const k = key('concurrent');
      const results = await Promise.all(Array.from({ length: 200 }, () => cache.increment(k, 60)));
      expect(await cache.get(k)).toBe('200');
      // Each caller saw a distinct count: no two read the same value before writing.
      expect(new Set(results).size).toBe(200);
      expect(Math.max(...results)).toBe(200);
    });

    it('sets the counter TTL when the key is created only, so hits do not extend the window', async () => {
      const k = key('window');
      expect(await cache.increment(k, 1)).toBe(1);
      await sleep(600);
      expect(await cache.increment(k, 1)).toBe(2);
      // Had the second hit reset the TTL, the counter would live until ~1.6 s.
      await sleep(700);
      expect(await cache.get(k)).toBeNull();
      expect(await cache.increment(k, 1)).toBe(1);
    });

    it('refuses to increment a value that is not an integer', async () => {
      const k = key('not-a-number');
      await cache.set(k, 'twelve');
      await expect(cache.increment(k)).rejects.toThrow();
      expect(await cache.get(k)).toBe('twelve');
    });
  });
}
