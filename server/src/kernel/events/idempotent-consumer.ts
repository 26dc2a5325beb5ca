import { type Kysely, sql } from 'kysely';
import type { KernelMetrics } from '../metrics/kernel-metrics.ts';
import type { Consumer } from '../service-module.ts';
import { formatTraceparent, parseTraceparent } from '../tracing/trace-context.ts';
import type { Tracing } from '../tracing/tracing.ts';
import type { EventStore } from './event-store.ts';
import type { KernelTables } from './event-store-tables.ts';
import { qualifiedType, type StoredEvent } from './event-types.ts';

export interface DeliveryOptions {
  db: Kysely<unknown>;
  /** The consumer's own store: where its inbox lives and where the events it appends go. */
  store: EventStore;
  metrics: KernelMetrics;
  tracing: Tracing;
  /** Called after a commit in which the handler appended events. */
  onAppended(): void;
}

/**
 * Wraps a handler so that an event is applied at most once per group: the inbox row and the
 * handler's effect (and any events it appends) commit in one transaction, and a redelivered event
 * finds its inbox row. The handler runs in a span that continues the producer's trace.
 */
export function idempotentDelivery(
  consumer: Consumer,
  options: DeliveryOptions,
): (event: StoredEvent) => Promise<void> {
  const { db, store, metrics, tracing } = options;
  const schema = store.source;
  return async (event) => {
    const span = tracing.startSpan(
      `consume ${qualifiedType(event)}`,
      parseTraceparent(event.metadata.traceparent),
      'consumer',
    );
    const metadata = {
      actor: event.metadata.actor ?? null,
      correlationId: event.metadata.correlationId ?? event.eventId,
      causationId: event.eventId,
      traceparent: formatTraceparent(span.context),
    };
    let appended = false;
    try {
      const applied = await db.transaction().execute(async (trx) => {
        const fresh = await (trx as unknown as Kysely<KernelTables>)
          .withSchema(schema)
          .insertInto('inbox')
          .values({ group_name: consumer.group, event_id: event.eventId })
          .onConflict((oc) => oc.doNothing())
          .returning('event_id')
          .executeTakeFirst();
        if (!fresh) return false;
        // Raw SQL in handlers resolves unqualified names in the service's own schema.
        await sql`set local search_path to ${sql.id(schema)}`.execute(trx);
        await consumer.handle(event, {
          db: trx.withSchema(schema),
          metadata,
          append: (streamId, expected, events) => {
            appended = true;
            return store.append(trx, streamId, expected, events, metadata);
          },
        });
        return true;
      });
      if (applied) metrics.eventsConsumed.inc({ group: consumer.group });
      if (applied) await consumer.afterCommit?.(event);
      if (applied && appended) options.onAppended();
      span.end();
    } catch (error) {
      span.end({ error });
      throw error;
    }
  };
}
