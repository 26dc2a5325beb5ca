import { EventEmitter } from 'node:events';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { KernelMetrics } from '../../metrics/kernel-metrics.ts';
import type { EventStore } from '../event-store.ts';
import type { StoredEvent } from '../event-types.ts';
import { CatchUpSubscription } from './catch-up-subscription.ts';
import { type BusSubscription, type EventBus, patternSources, type RetryPolicy } from './event-bus.ts';

/**
 * The embedded bus. The event stores themselves are the log: publishing only wakes the subscribers,
 * which read from their checkpoint onwards. So a restart resumes where each group stopped, and the
 * bus holds nothing that a crash could lose. It reaches the stores of this process's services only;
 * several processes need RabbitMQ (AMQP_URL).
 */
export class InProcessBus implements EventBus {
  readonly kind = 'in-process';
  private readonly signals = new EventEmitter().setMaxListeners(0);
  private readonly subscriptions: CatchUpSubscription[] = [];

  constructor(
    private readonly db: Kysely<unknown>,
    private readonly stores: ReadonlyMap<string, EventStore>,
    private readonly options: { logger: Logger; metrics: KernelMetrics; retry: RetryPolicy; pollMs: number },
  ) {}

  async publish(events: readonly StoredEvent[]): Promise<void> {
    // Subscribers read after the relay's transaction commits; the signal only says "look now".
    const sources = new Set(events.map((event) => event.source));
    queueMicrotask(() => {
      for (const source of sources) this.signals.emit(source);
    });
  }

  async subscribe(subscription: BusSubscription): Promise<void> {
    for (const source of patternSources(subscription.patterns)) {
      const store = this.stores.get(source);
      if (!store) {
        this.options.logger.warn(
          { group: subscription.group, source },
          'no local event store for this source: the in-process bus cannot deliver its events (set AMQP_URL)',
        );
        continue;
      }
      const catchUp = new CatchUpSubscription(this.db, store, subscription, this.options);
      this.subscriptions.push(catchUp);
      this.signals.on(source, () => catchUp.wake());
      catchUp.start();
    }
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.signals.removeAllListeners();
    await Promise.all(this.subscriptions.map((subscription) => subscription.stop()));
  }

  /** Resolves when every subscription has handled everything relayed so far (tests, rebuild). */
  async idle(): Promise<void> {
    await Promise.all(this.subscriptions.map((subscription) => subscription.catchUp()));
  }
}
