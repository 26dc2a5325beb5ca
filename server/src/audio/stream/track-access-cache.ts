import type { TrackAccess } from './track-access-store.ts';

interface Entry {
  access: Promise<TrackAccess | null>;
  expiresAt: number;
}

/**
 * The read-model row of each track being streamed, kept in this process's memory: a segment request must
 * not cost a database round trip. Entries are dropped when the projection changes the track (in every
 * process, through pub/sub: see stream-state.ts) and expire after `ttlMs` anyway, which bounds how long
 * a lost invalidation message can keep an old answer. Unknown tracks are cached too (as null), so
 * requests for made-up ids do not each reach the database; the projection's invalidation lets a new
 * track in at once. Concurrent misses for one track share one load.
 */
export class TrackAccessCache {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly load: (trackId: string) => Promise<TrackAccess | null>,
    private readonly options: { ttlMs: number; maxEntries: number; now?: () => number },
  ) {}

  get(trackId: string): Promise<TrackAccess | null> {
    const now = this.options.now?.() ?? Date.now();
    const entry = this.#entries.get(trackId);
    if (entry && entry.expiresAt > now) return entry.access;
    if (entry) this.#entries.delete(trackId);
    else if (this.#entries.size >= this.options.maxEntries) {
      // Maps iterate in insertion order: the first key is the oldest entry.
      this.#entries.delete(this.#entries.keys().next().value as string);
    }
    const access = this.load(trackId);
    const fresh: Entry = { access, expiresAt: now + this.options.ttlMs };
    this.#entries.set(trackId, fresh);
    // A failed load is not remembered: the next request tries again.
    access.catch(() => {
      if (this.#entries.get(trackId) === fresh) this.#entries.delete(trackId);
    });
    return access;
  }

  invalidate(trackId: string): void {
    this.#entries.delete(trackId);
  }

  get size(): number {
    return this.#entries.size;
  }
}
