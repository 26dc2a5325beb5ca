/**
 * A shared key/value cache with expiry: sessions, rate-limit counters, hot read models. Values are strings
 * (callers serialise); the memory implementation serves the embedded process, Redis every process of a
 * distributed deployment. Both follow Redis semantics so code behaves the same on either.
 */
export interface Cache {
  readonly kind: 'memory' | 'redis';
  get(key: string): Promise<string | null>;
  /** Without a TTL the value never expires, and a TTL left by an earlier `set` is cleared (like Redis SET). */
  set(key: string, value: string, ttlSeconds?: number): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Adds one atomically and returns the new count. The TTL applies only when this call creates the key, so
   * a fixed window (rate limit) is not pushed back by every hit. Rejects if the value is not an integer.
   */
  increment(key: string, ttlSeconds?: number): Promise<number>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Redis takes whole seconds only; refusing other values here keeps the memory cache from accepting more. */
export function assertTtlSeconds(ttlSeconds: number | undefined): void {
  if (ttlSeconds === undefined) return;
  if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds <= 0) {
    throw new RangeError(`a cache TTL is a positive whole number of seconds, got ${ttlSeconds}`);
  }
}
