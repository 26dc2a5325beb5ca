import type { Redis } from 'ioredis';
import { connectRedis } from '../../kernel/redis/redis-connection.ts';
import type { PresenceStatus } from './gateway-protocol.ts';
import {
  type BufferedDispatch,
  replayAfter,
  type SessionRecord,
  type SessionStore,
} from './session-store.ts';

/** Checks the epoch, keeps the dispatches, trims and pushes the expiry back, atomically. */
const appendScript = `
if redis.call('HGET', KEYS[1], 'epoch') ~= ARGV[1] then return 0 end
for i = 7, #ARGV do redis.call('RPUSH', KEYS[2], ARGV[i]) end
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[5]), -1)
redis.call('HSET', KEYS[1], 'seq', ARGV[2], 'cursors', ARGV[3], 'presence', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[6])
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[6]) end
return 1`;

const claimScript = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local epoch = redis.call('HINCRBY', KEYS[1], 'epoch', 1)
redis.call('PEXPIRE', KEYS[1], ARGV[1])
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[1]) end
return epoch`;

type RedisWithScripts = Redis & {
  vezaSessionAppend(record: string, buffer: string, ...args: (string | number)[]): Promise<number>;
  vezaSessionClaim(record: string, buffer: string, retentionMs: number): Promise<number>;
};

/** The distributed session store: a hash and a list per session in Redis, so any process can resume it. */
export class RedisSessionStore implements SessionStore {
  readonly kind = 'redis';
  private readonly redis: RedisWithScripts;

  constructor(
    private readonly options: { url: string; keyPrefix: string; maxDispatches: number; retentionMs: number },
  ) {
    this.redis = connectRedis(options.url, { keyPrefix: options.keyPrefix }) as RedisWithScripts;
    this.redis.defineCommand('vezaSessionAppend', { numberOfKeys: 2, lua: appendScript });
    this.redis.defineCommand('vezaSessionClaim', { numberOfKeys: 2, lua: claimScript });
  }

  private keys(sessionId: string): [string, string] {
    return [`gw:session:${sessionId}`, `gw:session:${sessionId}:sent`];
  }

  async create(sessionId: string, record: SessionRecord): Promise<void> {
    const [recordKey] = this.keys(sessionId);
    await this.redis
      .multi()
      .hset(recordKey, {
        userId: record.userId,
        seq: record.seq,
        cursors: JSON.stringify(record.cursors),
        presence: record.presence,
        epoch: record.epoch,
      })
      .pexpire(recordKey, this.options.retentionMs)
      .exec();
  }

  async load(sessionId: string): Promise<SessionRecord | undefined> {
    const fields = await this.redis.hgetall(this.keys(sessionId)[0]);
    if (!fields.userId) return undefined;
    return {
      userId: fields.userId,
      seq: Number(fields.seq),
      cursors: JSON.parse(fields.cursors ?? '{}'),
      presence: fields.presence as PresenceStatus,
      epoch: Number(fields.epoch),
    };
  }

  async claim(sessionId: string): Promise<number | undefined> {
    const epoch = Number(
      await this.redis.vezaSessionClaim(...this.keys(sessionId), this.options.retentionMs),
    );
    return epoch < 0 ? undefined : epoch;
  }

  async append(
    sessionId: string,
    epoch: number,
    update: Pick<SessionRecord, 'seq' | 'cursors' | 'presence'>,
    dispatches: readonly BufferedDispatch[],
  ): Promise<boolean> {
    const applied = await this.redis.vezaSessionAppend(
      ...this.keys(sessionId),
      epoch,
      update.seq,
      JSON.stringify(update.cursors),
      update.presence,
      this.options.maxDispatches,
      this.options.retentionMs,
      ...dispatches.map(({ s, frame }) => `${s} ${frame}`),
    );
    return Number(applied) === 1;
  }

  async replay(sessionId: string, seq: number): Promise<BufferedDispatch[] | 'gap'> {
    const [recordKey, bufferKey] = this.keys(sessionId);
    const results = await this.redis.multi().hget(recordKey, 'seq').lrange(bufferKey, 0, -1).exec();
    if (!results) throw new Error('the session read was aborted');
    for (const [error] of results) if (error) throw error;
    if (results[0]![1] === null) return 'gap';
    const kept = (results[1]![1] as string[]).map((item) => {
      const space = item.indexOf(' ');
      return { s: Number(item.slice(0, space)), frame: item.slice(space + 1) };
    });
    return replayAfter(kept, seq, Number(results[0]![1]));
  }

  async touch(sessionId: string): Promise<void> {
    const [recordKey, bufferKey] = this.keys(sessionId);
    await this.redis
      .multi()
      .pexpire(recordKey, this.options.retentionMs)
      .pexpire(bufferKey, this.options.retentionMs)
      .exec();
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}
