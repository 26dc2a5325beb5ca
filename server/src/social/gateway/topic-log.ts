/**
 * The recent dispatches of each topic, numbered 1, 2, 3… per topic with no holes, so a reader knows when it
 * missed one: the process-wide feed fills holes in live pub/sub delivery from here, and RESUME catches a
 * session up from its per-topic cursors (what was published while no process held the session).
 */
export interface TopicEntry {
  id: number;
  /** The event name and its payload, already serialised. */
  t: string;
  d: string;
}

export interface TopicLog {
  readonly kind: 'memory' | 'redis';
  /** Numbers the dispatch and keeps it (bounded by count per topic). */
  append(topic: string, t: string, d: string): Promise<number>;
  /** The highest number given in `topic` so far (0 for none). */
  last(topic: string): Promise<number>;
  /** Every entry after `after`, in order; `gap` when some of them are no longer retained. */
  after(topic: string, after: number): Promise<TopicEntry[] | 'gap'>;
  close(): Promise<void>;
}

/** Decides `gap` the same way for both implementations: entries must continue right after `after`. */
export function continuous(entries: TopicEntry[], after: number, last: number): TopicEntry[] | 'gap' {
  if (last <= after) return [];
  if (entries.length === 0 || entries[0]!.id !== after + 1) return 'gap';
  return entries;
}
