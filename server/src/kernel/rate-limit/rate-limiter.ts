import type { Cache } from '../cache/cache.ts';
import { ProblemError } from '../errors/problem-error.ts';

export interface Limit {
  /** Names the limit in keys and errors, e.g. `sign-in:ip`. */
  name: string;
  max: number;
  windowSeconds: number;
}

/**
 * Fixed-window counters in the cache: in memory when embedded, in Redis when `REDIS_URL` is set, so every
 * process of a deployment counts against the same budget.
 */
export class RateLimiter {
  constructor(private readonly cache: Cache) {}

  /** Counts one hit against `limit` for `subject`; throws 429 with Retry-After once the budget is spent. */
  async hit(limit: Limit, subject: string): Promise<void> {
    const windowStart = Math.floor(Date.now() / 1000 / limit.windowSeconds);
    const count = await this.cache.increment(this.key(limit, subject, windowStart), limit.windowSeconds + 1);
    if (count > limit.max) {
      const retryAfter = (windowStart + 1) * limit.windowSeconds - Math.floor(Date.now() / 1000);
      throw new ProblemError(429, 'rate_limited', 'Too many requests', `Try again in ${retryAfter} s`, {
        retryAfter,
      });
    }
  }

  /** Counts a hit and says whether it was within budget, without throwing: for limits a 429 would give away. */
  async tryHit(limit: Limit, subject: string): Promise<boolean> {
    const windowStart = Math.floor(Date.now() / 1000 / limit.windowSeconds);
    return (
      (await this.cache.increment(this.key(limit, subject, windowStart), limit.windowSeconds + 1)) <=
      limit.max
    );
  }

  /** How many hits `subject` has in the current window, without counting one. */
  async count(limit: Limit, subject: string): Promise<number> {
    const windowStart = Math.floor(Date.now() / 1000 / limit.windowSeconds);
    return Number((await this.cache.get(this.key(limit, subject, windowStart))) ?? 0);
  }

  async reset(limit: Limit, subject: string): Promise<void> {
    const windowStart = Math.floor(Date.now() / 1000 / limit.windowSeconds);
    await this.cache.delete(this.key(limit, subject, windowStart));
  }

  private key(limit: Limit, subject: string, window: number): string {
    return `ratelimit:${limit.name}:${subject}:${window}`;
  }
}
