import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { describeCacheContract } from './cache-contract.ts';
import { openCache } from './open-cache.ts';

// A prefix of its own, so this run neither sees nor leaves keys among anyone else's.
const keyPrefix = `veza-test:${randomUUID()}:`;

beforeAll(() => {
  if (!process.env.REDIS_URL) {
    throw new Error('REDIS_URL is not set: the real test project needs a Redis, e.g. redis://127.0.0.1:6379');
  }
});

afterAll(async () => {
  const url = process.env.REDIS_URL;
  if (!url) return;
  const redis = new Redis(url);
  try {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    await redis.quit();
  }
});

describeCacheContract('redis (openCache with REDIS_URL)', async () => {
  const cache = openCache({ redisUrl: process.env.REDIS_URL, keyPrefix });
  if (cache.kind !== 'redis') throw new Error(`expected the redis cache, got ${cache.kind}`);
  return cache;
});
