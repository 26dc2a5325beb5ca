import type { Redis } from 'ioredis';
import { connectRedis } from '../redis/redis-connection.ts';
import { assertTtlSeconds, type Cache } from './cache.ts';

/**
 * INCR and the first EXPIRE in one script, so no crash or race between them can leave a counter that never
 * expires, and later hits do not push the window back. (EXPIRE … NX would need Redis 7; this runs on 6 too.)
 */
const incrementScript = `
local created = redis.call('EXISTS', KEYS[1]) == 0
local count = redis.call('INCR', KEYS[1])
if created and tonumber(ARGV[1]) > 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count`;

type RedisWithIncrement = Redis & {
  vezaIncrement(key: string, ttlSeconds: number): Promise<number>;
};

export interface RedisCacheOptions {
  url: string;
  /** Namespaces every key, so several deployments (or test runs) can share one Redis. Default `veza:`. */
  keyPrefix?: string;
}

/** The distributed cache: one Redis shared by every process. */
export class RedisCache implements Cache {
  readonly kind = 'redis';
  private readonly redis: RedisWithIncrement;

  constructor(options: RedisCacheOptions) {
    // ioredis prefixes keys itself, including the KEYS of the script defined below.
    this.redis = connectRedis(options.url, { keyPrefix: options.keyPrefix ?? 'veza:' }) as RedisWithIncrement;
    this.redis.defineCommand('vezaIncrement', { numberOfKeys: 1, lua: incrementScript });
  }

  async get(key: string): Promise<string | null> {
    return this.redis.get(key);
  }

  async set(key: string, value: string, ttlSeconds?: number): Promise<void> {
    assertTtlSeconds(ttlSeconds);
    if (ttlSeconds === undefined) await this.redis.set(key, value);
    else await this.redis.set(key, value, 'EX', ttlSeconds);
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(key);
  }

  async increment(key: string, ttlSeconds?: number): Promise<number> {
    assertTtlSeconds(ttlSeconds);
    return this.redis.vezaIncrement(key, ttlSeconds ?? 0);
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}
