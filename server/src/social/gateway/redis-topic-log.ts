import type { Redis } from 'ioredis';
import { connectRedis } from '../../kernel/redis/redis-connection.ts';
import { continuous, type TopicEntry, type TopicLog } from './topic-log.ts';

/**
 * Numbering and appending in one script, so two processes publishing to one topic cannot interleave between
 * them. The counter never expires: a topic's numbers must never restart under a session holding a cursor.
 * The stream (ids `<n>-0`) is trimmed to about `maxEntries` and expires after `idleMs` without appends.
 */
const appendScript = `
local id = redis.call('INCR', KEYS[1])
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[1], id .. '-0', 't', ARGV[2], 'd', ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return id`;

type RedisWithAppend = Redis & {
  vezaTopicAppend(
    counter: string,
    stream: string,
    max: number,
    t: string,
    d: string,
    idleMs: number,
  ): Promise<number>;
};

/** The distributed topic log: a Redis stream per topic, shared by every process. */
export class RedisTopicLog implements TopicLog {
  readonly kind = 'redis';
  private readonly redis: RedisWithAppend;
  private readonly maxEntries: number;
  private readonly idleMs: number;

  constructor(options: { url: string; keyPrefix: string; maxEntries: number; idleMs: number }) {
    this.redis = connectRedis(options.url, { keyPrefix: options.keyPrefix }) as RedisWithAppend;
    this.redis.defineCommand('vezaTopicAppend', { numberOfKeys: 2, lua: appendScript });
    this.maxEntries = options.maxEntries;
    this.idleMs = options.idleMs;
  }

  async append(topic: string, t: string, d: string): Promise<number> {
    return Number(
      await this.redis.vezaTopicAppend(
        `gw:topic:${topic}:n`,
        `gw:topic:${topic}:log`,
        this.maxEntries,
        t,
        d,
        this.idleMs,
      ),
    );
  }

  async last(topic: string): Promise<number> {
    return Number((await this.redis.get(`gw:topic:${topic}:n`)) ?? 0);
  }

  async after(topic: string, after: number): Promise<TopicEntry[] | 'gap'> {
    const results = await this.redis
      .multi()
      .get(`gw:topic:${topic}:n`)
      .xrange(`gw:topic:${topic}:log`, `${after + 1}-0`, '+')
      .exec();
    if (!results) throw new Error('the topic log read was aborted');
    for (const [error] of results) if (error) throw error;
    const last = Number(results[0]![1] ?? 0);
    const raw = results[1]![1] as [string, string[]][];
    const entries = raw.map(([id, fields]) => ({
      id: Number(id.split('-')[0]),
      t: fields[fields.indexOf('t') + 1]!,
      d: fields[fields.indexOf('d') + 1]!,
    }));
    return continuous(entries, after, last);
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}
