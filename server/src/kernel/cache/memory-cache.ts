import { assertTtlSeconds, type Cache } from './cache.ts';

interface Entry {
  value: string;
  /** Date.now() after which the entry is gone; Infinity when it never expires. */
  expiresAt: number;
}

// What Redis INCR accepts: no sign on zero, no leading zeros, no spaces.
const integerPattern = /^(0|-?[1-9]\d*)$/;

/**
 * The embedded cache: a Map in this process. Expired entries are dropped when read, and the Map is bounded
 * (oldest written first out) so a flood of distinct keys — rate-limit counters per IP, say — cannot grow
 * memory without limit even when nobody reads them back.
 */
export class MemoryCache implements Cache {
  readonly kind = 'memory';
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly maxEntries = 100_000) {}

  async get(key: string): Promise<string | null> {
    return this.live(key)?.value ?? null;
  }

  async set(key: string, value: string, ttlSeconds?: number): Promise<void> {
    assertTtlSeconds(ttlSeconds);
    // Delete first so the key moves to the end of the Map's insertion order: "oldest" means least recently set.
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: expiryOf(ttlSeconds) });
    this.evictOverflow();
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async increment(key: string, ttlSeconds?: number): Promise<number> {
    assertTtlSeconds(ttlSeconds);
    // Single-threaded and no await before the write: the read-modify-write below is atomic.
    const entry = this.live(key);
    if (!entry) {
      this.entries.set(key, { value: '1', expiresAt: expiryOf(ttlSeconds) });
      this.evictOverflow();
      return 1;
    }
    if (!integerPattern.test(entry.value)) throw new Error(`cache value at ${key} is not an integer`);
    const count = Number(entry.value) + 1;
    entry.value = String(count);
    return count;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.entries.clear();
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private evictOverflow(): void {
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) return;
      this.entries.delete(key);
    }
  }
}

const expiryOf = (ttlSeconds: number | undefined) =>
  ttlSeconds === undefined ? Number.POSITIVE_INFINITY : Date.now() + ttlSeconds * 1000;
