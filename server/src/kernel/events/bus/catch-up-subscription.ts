import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import type { KernelMetrics } from '../../metrics/kernel-metrics.ts';
import type { EventStore } from '../event-store.ts';
import type { KernelTables } from '../event-store-tables.ts';
import type { StoredEvent } from '../event-types.ts';
import { type BusSubscription, matchesPatterns, type RetryPolicy, retryDelay } from './event-bus.ts';

const BATCH = 200;

/**
 * One consumer group reading one source's store from its checkpoint. The checkpoint is saved after
 * each batch; the inbox (see idempotent-consumer.ts) makes the events of a batch in flight at a crash
 * harmless to deliver again. An event that keeps failing is dead-lettered so that it cannot block
 * the group forever.
 */
export class CatchUpSubscription {
  private timer: NodeJS.Timeout | undefined;
  // Runs are chained so that a wake-up, a catchUp() and the poll never read the same checkpoint at once.
  private chain: Promise<void> = Promise.resolve();
  private queued = false;
  private stopped = false;
  private readonly types: string[] | undefined;

  constructor(
    private readonly db: Kysely<unknown>,
    private readonly store: EventStore,
    private readonly subscription: BusSubscription,
    private readonly options: { logger: Logger; metrics: KernelMetrics; retry: RetryPolicy; pollMs: number },
  ) {
    const all = subscription.patterns.includes(`${store.source}.*`);
    this.types = all
      ? undefined
      : subscription.patterns
          .filter((pattern) => pattern.startsWith(`${store.source}.`))
          .map((pattern) => pattern.slice(store.source.length + 1));
  }

  start(): void {
    this.wake();
  }

  wake(): void {
    if (this.stopped || this.queued) return;
    this.queued = true;
    clearTimeout(this.timer);
    this.chain = this.chain
      .then(() => {
        this.queued = false;
        return this.run();
      })
      .finally(() => {
        // Polling covers events relayed into this store by another process's relay.
        if (!this.stopped && !this.queued) this.timer = setTimeout(() => this.wake(), this.options.pollMs);
      });
  }

  /** Handles everything relayed so far, then resolves. */
  async catchUp(): Promise<void> {
    this.chain = this.chain.then(() => this.run());
    await this.chain;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.chain;
  }

  private get checkpoints() {
    return (this.db as Kysely<KernelTables>).withSchema(this.subscription.schema);
  }

  private async run(): Promise<void> {
    try {
      for (;;) {
        if (this.stopped) return;
        const from = await this.loadCheckpoint();
        const events = await this.store.readAll(from, {
          limit: BATCH,
          ...(this.types ? { types: this.types } : {}),
        });
        // The checkpoint is saved once per batch (or where a stop interrupts it): after a crash the
        // batch is read again and the inbox skips what was already applied.
        let handled = from;
        try {
          for (const event of events) {
            if (this.stopped) break;
            if (matchesPatterns(this.subscription.patterns, event.source, event.type))
              await this.deliver(event);
            handled = event.position!;
          }
        } finally {
          if (handled > from) await this.saveCheckpoint(handled);
        }
        if (events.length < BATCH) return;
      }
    } catch (error) {
      this.options.logger.error(
        { err: error, group: this.subscription.group },
        'catch-up subscription failed; will retry',
      );
    }
  }

  private async deliver(event: StoredEvent): Promise<void> {
    const { retry, metrics, logger } = this.options;
    const { group } = this.subscription;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.subscription.deliver(event);
        return;
      } catch (error) {
        metrics.consumerFailures.inc({ group, outcome: 'retry' });
        if (attempt >= retry.maxAttempts || this.stopped) {
          if (this.stopped) throw error;
          logger.error({ err: error, group, eventId: event.eventId }, 'event dead-lettered after retries');
          metrics.consumerFailures.inc({ group, outcome: 'dead_letter' });
          await this.checkpoints
            .insertInto('dead_letters')
            .values({
              group_name: group,
              event_id: event.eventId,
              source: event.source,
              type: event.type,
              event: JSON.stringify(event),
              error: String((error as Error).message ?? error),
              attempts: attempt,
            })
            .execute();
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, retryDelay(retry, attempt)));
      }
    }
  }

  private async loadCheckpoint(): Promise<number> {
    const row = await this.checkpoints
      .selectFrom('consumer_checkpoints')
      .select('position')
      .where('group_name', '=', this.subscription.group)
      .where('source', '=', this.store.source)
      .executeTakeFirst();
    return row?.position ?? 0;
  }

  private async saveCheckpoint(position: number): Promise<void> {
    await this.checkpoints
      .insertInto('consumer_checkpoints')
      .values({ group_name: this.subscription.group, source: this.store.source, position })
      .onConflict((oc) =>
        oc.columns(['group_name', 'source']).doUpdateSet({ position: sql`excluded.position` }),
      )
      .execute();
  }
}
