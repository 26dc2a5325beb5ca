import type { Cache } from './cache.ts';
import { MemoryCache } from './memory-cache.ts';
import { RedisCache } from './redis-cache.ts';

/** REDIS_URL decides: set, every process shares Redis; unset, this process keeps its own memory cache. */
export function openCache(options: { redisUrl?: string; keyPrefix?: string }): Cache {
  if (options.redisUrl) return new RedisCache({ url: options.redisUrl, keyPrefix: options.keyPrefix });
  return new MemoryCache();
}
