import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import type { KernelMetrics } from '../metrics/kernel-metrics.ts';
import type { EventBus } from './bus/event-bus.ts';
import type { EventStore } from './event-store.ts';
import type { EventRow, KernelTables } from './event-store-tables.ts';

const BATCH = 500;

/**
 * Publishes one service's committed events in commit order.
 *
 * Sequence values are taken at insert, not at commit, so "everything after the last seq I saw" would
 * skip an event whose transaction commits late. Instead the relay reads the rows still without a
 * position (only committed rows are visible), gives them the next positions, publishes them and
 * commits the positions, all in one transaction. A late commit just gets a later position.
 * A transaction-scoped advisory lock keeps one relay per store at a time across processes; if the
 * process dies before the commit, the positions roll back and the events are published again
 * (at least once; consumers deduplicate through their inbox).
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  // Batches are chained so that a nudge, a drain() and the poll never run at once in this process.
  private chain: Promise<unknown> = Promise.resolve();
  private queued = false;
  private stopped = false;
  private readonly lockKey: number;

  constructor(
    private readonly db: Kysely<unknown>,
    private readonly store: EventStore,
    private readonly bus: EventBus,
    private readonly options: { intervalMs: number; logger: Logger; metrics: KernelMetrics },
  ) {
    this.lockKey = hash32(`veza.relay.${store.source}`);
  }

  start(): void {
    this.nudge();
  }

  /** Relay now rather than at the next poll (called after a local commit that appended events). */
  nudge(): void {
    if (this.stopped || this.queued) return;
    this.queued = true;
    clearTimeout(this.timer);
    let relayed = 0;
    this.chain = this.chain
      .then(async () => {
        this.queued = false;
        relayed = await this.tick();
      })
      .catch((error: unknown) => {
        this.options.logger.error(
          { err: error, source: this.store.source },
          'relay batch failed; will retry',
        );
      })
      .finally(() => {
        if (this.stopped || this.queued) return;
        if (relayed === BATCH) this.nudge();
        else this.timer = setTimeout(() => this.nudge(), this.options.intervalMs);
      });
  }

  /** Relays until nothing is left (tests, `veza rebuild`). */
  async drain(): Promise<void> {
    const run = async () => {
      while ((await this.tick()) > 0) {}
    };
    const next = this.chain.then(run);
    this.chain = next.catch(() => {});
    await next;
  }

  /** Lets the batch in flight finish, then stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.chain;
  }

  /** One batch: returns how many events were published. */
  async tick(): Promise<number> {
    const source = this.store.source;
    const events = await this.db.transaction().execute(async (trx) => {
      const lock = await sql<{
        locked: boolean;
      }>`select pg_try_advisory_xact_lock(${this.lockKey}) as locked`.execute(trx);
      if (!lock.rows[0]?.locked) return [];
      const table = sql.id(source, 'events');
      const assigned = await sql<EventRow>`
        with pending as (
          select seq from ${table} where position is null order by seq limit ${BATCH}
        ), numbered as (
          select seq, row_number() over (order by seq) as n from pending
        ), head as (select coalesce(max(position), 0) as top from ${table})
        update ${table} as e set position = head.top + numbered.n
        from numbered, head where e.seq = numbered.seq
        returning e.*`.execute(trx);
      if (assigned.rows.length === 0) return [];
      const batch = assigned.rows
        .map((row) => this.store.toEvent(row))
        .sort((a, b) => a.position! - b.position!);
      await this.bus.publish(batch);
      return batch;
    });
    if (events.length > 0) this.options.metrics.eventsRelayed.inc({ source }, events.length);
    return events.length;
  }

  /** Relay lag for /metrics: events committed but not yet published, and the age of the oldest. */
  async lag(): Promise<{ pending: number; oldestAgeSeconds: number }> {
    const db = (this.db as Kysely<KernelTables>).withSchema(this.store.source);
    const row = await db
      .selectFrom('events')
      .select([
        sql<number>`count(*)::int`.as('pending'),
        sql<number>`coalesce(extract(epoch from clock_timestamp() - min(occurred_at)), 0)::float8`.as('age'),
      ])
      .where('position', 'is', null)
      .executeTakeFirstOrThrow();
    return { pending: row.pending, oldestAgeSeconds: row.age };
  }
}

/** A stable 32-bit key for pg advisory locks (FNV-1a). */
export function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}
