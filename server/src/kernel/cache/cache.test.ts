import { describeCacheContract } from './cache-contract.ts';
import { openCache } from './open-cache.ts';

describeCacheContract('memory (openCache without REDIS_URL)', async () => {
  const cache = openCache({});
  if (cache.kind !== 'memory') throw new Error(`expected the memory cache, got ${cache.kind}`);
  return cache;
});
