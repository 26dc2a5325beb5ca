import type { Redis } from 'ioredis';
import { connectRedis } from '../../kernel/redis/redis-connection.ts';
import type { PresenceStatus } from './gateway-protocol.ts';
import type { PresenceStore } from './presence-store.ts';

/**
 * A hash per user (`session → "<status> <expiresAt>"`): hash fields cannot expire on their own in Redis 6/7,
 * so expiry is in the value and expired devices are ignored (and pruned) when read.
 */
export class RedisPresenceStore implements PresenceStore {
  private readonly redis: Redis;

  constructor(options: { url: string; keyPrefix: string }) {
    this.redis = connectRedis(options.url, { keyPrefix: options.keyPrefix });
  }

  async set(userId: string, sessionId: string, status: PresenceStatus, ttlMs: number): Promise<void> {
    const key = `gw:presence:${userId}`;
    await this.redis
      .multi()
      .hset(key, sessionId, `${status} ${Date.now() + ttlMs}`)
      .pexpire(key, ttlMs * 2)
      .exec();
  }

  async remove(userId: string, sessionId: string): Promise<void> {
    await this.redis.hdel(`gw:presence:${userId}`, sessionId);
  }

  async devices(userId: string): Promise<PresenceStatus[]> {
    const key = `gw:presence:${userId}`;
    const now = Date.now();
    const statuses: PresenceStatus[] = [];
    const expired: string[] = [];
    for (const [sessionId, value] of Object.entries(await this.redis.hgetall(key))) {
      const [status, expiresAt] = value.split(' ');
      if (Number(expiresAt) > now) statuses.push(status as PresenceStatus);
      else expired.push(sessionId);
    }
    if (expired.length > 0) await this.redis.hdel(key, ...expired);
    return statuses;
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}
