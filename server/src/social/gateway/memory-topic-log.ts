import { continuous, type TopicEntry, type TopicLog } from './topic-log.ts';

/** The embedded topic log: arrays in this process, trimmed to the newest `maxEntries` per topic. */
export class MemoryTopicLog implements TopicLog {
  readonly kind = 'memory';
  private readonly topics = new Map<string, { last: number; entries: TopicEntry[] }>();

  constructor(private readonly maxEntries: number) {}

  async append(topic: string, t: string, d: string): Promise<number> {
    let log = this.topics.get(topic);
    if (!log) {
      log = { last: 0, entries: [] };
      this.topics.set(topic, log);
    }
    const id = ++log.last;
    log.entries.push({ id, t, d });
    // Trim in chunks: one splice per tenth of the bound instead of a shift per append.
    if (log.entries.length > this.maxEntries * 1.1)
      log.entries.splice(0, log.entries.length - this.maxEntries);
    return id;
  }

  async last(topic: string): Promise<number> {
    return this.topics.get(topic)?.last ?? 0;
  }

  async after(topic: string, after: number): Promise<TopicEntry[] | 'gap'> {
    const log = this.topics.get(topic);
    if (!log) return [];
    const first = log.entries[0]?.id ?? log.last + 1;
    return continuous(log.entries.slice(Math.max(0, after + 1 - first)), after, log.last);
  }

  async close(): Promise<void> {}
}
