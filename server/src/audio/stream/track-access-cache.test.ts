import { describe, expect, it } from 'vitest';
import { TrackAccessCache } from './track-access-cache.ts';
import type { TrackAccess } from './track-access-store.ts';

const row = (trackId: string, visibility: TrackAccess['visibility']): TrackAccess => ({
  trackId,
  ownerId: 'owner',
  visibility,
  downloadable: false,
  readyVersion: 1,
  original: null,
});

function cacheOver(rows: Map<string, TrackAccess>, options: { maxEntries?: number } = {}) {
  let now = 0;
  const loads: string[] = [];
  const cache = new TrackAccessCache(
    async (trackId) => {
      loads.push(trackId);
      if (trackId === 'broken') throw new Error('database down');
      return rows.get(trackId) ?? null;
    },
    { ttlMs: 1_000, maxEntries: options.maxEntries ?? 100, now: () => now },
  );
  return { cache, loads, advance: (ms: number) => (now += ms) };
}

describe('TrackAccessCache', () => {
  it('loads a track once while fresh, concurrent misses included, then again after the TTL', async () => {
    const { cache, loads, advance } = cacheOver(new Map([['a', row('a', 'public')]]));
    const [first, second] = await Promise.all([cache.get('a'), cache.get('a')]);
    expect(first).toEqual(row('a', 'public'));
    expect(second).toBe(first);
    advance(999);
    await cache.get('a');
    expect(loads).toEqual(['a']);
    advance(1);
    await cache.get('a');
    expect(loads).toEqual(['a', 'a']);
  });

  it('reloads after an invalidation, and caches unknown tracks until one', async () => {
    const rows = new Map<string, TrackAccess>();
    const { cache, loads } = cacheOver(rows);
    expect(await cache.get('b')).toBeNull();
    expect(await cache.get('b')).toBeNull();
    rows.set('b', row('b', 'private'));
    cache.invalidate('b');
    expect((await cache.get('b'))?.visibility).toBe('private');
    expect(loads).toEqual(['b', 'b']);
  });

  it('forgets a failed load, so the next request tries again', async () => {
    const { cache, loads } = cacheOver(new Map());
    await expect(cache.get('broken')).rejects.toThrow('database down');
    await expect(cache.get('broken')).rejects.toThrow('database down');
    expect(loads).toEqual(['broken', 'broken']);
  });

  it('holds at most maxEntries, dropping the oldest', async () => {
    const { cache, loads } = cacheOver(new Map(), { maxEntries: 2 });
    for (const id of ['x', 'y', 'z']) await cache.get(id);
    expect(cache.size).toBe(2);
    await cache.get('z');
    await cache.get('x');
    expect(loads).toEqual(['x', 'y', 'z', 'x']);
  });
});
