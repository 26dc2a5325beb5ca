import { describe, expect, it } from 'vitest';
import { MemoryCache } from './memory-cache.ts';

describe('MemoryCache bounds', () => {
  it('evicts the least recently set entries beyond its capacity', async () => {
    const cache = new MemoryCache(3);
    await cache.set('a', '1');
    await cache.set('b', '2');
    await cache.set('c', '3');
    await cache.set('a', '1 again'); // rewriting moves `a` behind `b` and `c`
    await cache.set('d', '4');
    await cache.increment('e');
    expect(await cache.get('b')).toBeNull();
    expect(await cache.get('c')).toBeNull();
    expect(await cache.get('a')).toBe('1 again');
    expect(await cache.get('d')).toBe('4');
    expect(await cache.get('e')).toBe('1');
  });

  it('holds at most its capacity under a flood of distinct keys', async () => {
    const cache = new MemoryCache(1_000);
    for (let i = 0; i < 5_000; i++) await cache.increment(`ip:${i}`, 60);
    expect(await cache.get('ip:3999')).toBeNull();
    expect(await cache.get('ip:4000')).toBe('1');
    expect(await cache.get('ip:4999')).toBe('1');
  });
});
