import { type Kysely, sql } from 'kysely';
import { matchesPatterns, patternSources } from '../events/bus/event-bus.ts';
import { EventStore } from '../events/event-store.ts';
import type { KernelTables } from '../events/event-store-tables.ts';
import { idempotentDelivery } from '../events/idempotent-consumer.ts';
import type { Runtime } from './start-runtime.ts';

const BATCH = 500;

/**
 * Drops a projection's read model and rebuilds it by replaying its events from position 0. The reset,
 * the inbox and the checkpoints are cleared in one transaction, so a live consumer of the same group
 * either applied an event before (and it is replayed) or after (and the replay skips it).
 * Source stores are read from the database, so every source must share it.
 */
export async function rebuildProjection(runtime: Runtime, group: string): Promise<{ replayed: number }> {
  const owners = [...runtime.hosted.values()];
  const owner = owners.find((hosted) => hosted.projections.some((projection) => projection.group === group));
  if (!owner) {
    const known = owners.flatMap((hosted) => hosted.projections.map((projection) => projection.group));
    throw new Error(`Unknown projection "${group}". Known: ${known.join(', ') || 'none'}`);
  }
  const projection = owner.projections.find((candidate) => candidate.group === group)!;
  const { db } = runtime.deps;
  const schema = owner.module.name;
  await db.transaction().execute(async (trx) => {
    await sql`set local search_path to ${sql.id(schema)}`.execute(trx);
    await projection.reset(trx.withSchema(schema));
    const kernel = (trx as unknown as Kysely<KernelTables>).withSchema(schema);
    await kernel.deleteFrom('inbox').where('group_name', '=', group).execute();
    await kernel.deleteFrom('consumer_checkpoints').where('group_name', '=', group).execute();
  });
  const deliver = idempotentDelivery(projection, {
    db,
    store: owner.store,
    metrics: runtime.deps.metrics,
    tracing: runtime.deps.tracing,
    onAppended: () => owner.relay.nudge(),
  });
  let replayed = 0;
  for (const source of patternSources(projection.events)) {
    const store = runtime.deps.stores.get(source) ?? new EventStore(db, source);
    let position = 0;
    for (;;) {
      const events = await store.readAll(position, { limit: BATCH });
      for (const event of events) {
        if (matchesPatterns(projection.events, event.source, event.type)) {
          await deliver(event);
          replayed++;
        }
        position = event.position!;
      }
      if (events.length < BATCH) break;
    }
    await (db as Kysely<KernelTables>)
      .withSchema(schema)
      .insertInto('consumer_checkpoints')
      .values({ group_name: group, source, position })
      .onConflict((oc) => oc.columns(['group_name', 'source']).doUpdateSet({ position }))
      .execute();
  }
  return { replayed };
}
