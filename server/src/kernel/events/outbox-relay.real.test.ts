import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnvironment, type TestEnvironment } from '../../../test/harness/test-environment.ts';
import { type Database, openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrations.ts';
import { KernelMetrics } from '../metrics/kernel-metrics.ts';
import type { EventBus } from './bus/event-bus.ts';
import { EventStore } from './event-store.ts';
import { eventStoreMigrations } from './event-store-tables.ts';
import type { StoredEvent } from './event-types.ts';
import { OutboxRelay } from './outbox-relay.ts';

/** A bus that records what the relay publishes, in order. */
function recordingBus(): EventBus & { published: StoredEvent[] } {
  const published: StoredEvent[] = [];
  return {
    kind: 'in-process',
    published,
    async publish(events) {
      published.push(...events);
    },
    async subscribe() {},
    async ping() {},
    async close() {},
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('outbox relay on real PostgreSQL', () => {
  let environment: TestEnvironment;
  let database: Database;
  let store: EventStore;

  beforeAll(async () => {
    environment = await createTestEnvironment();
    if (!environment.env.DATABASE_URL)
      throw new Error('DATABASE_URL is required: run with npm run test:real');
    database = await openDatabase({
      databaseUrl: environment.env.DATABASE_URL,
      dataDir: environment.dataDir,
      poolSize: 12,
    });
    await migrate(database.kysely, [{ schema: 'orders', migrations: eventStoreMigrations }]);
    store = new EventStore(database.kysely, 'orders');
  });

  afterAll(async () => {
    await database.close();
    await environment.cleanup();
  });

  it('relays 1,000 events appended by 8 connections committing out of order, with no gap and no duplicate', async () => {
    const bus = recordingBus();
    // Two relays on one store, as two processes would run: the advisory lock lets one work at a time.
    const relays = [1, 2].map(
      () =>
        new OutboxRelay(database.kysely, store, bus, {
          intervalMs: 5,
          logger: pino({ level: 'silent' }),
          metrics: new KernelMetrics(),
        }),
    );
    for (const relay of relays) relay.start();

    // A transaction that takes an early sequence number and commits only after later ones were published.
    let slowAppended!: () => void;
    const slowHasAppended = new Promise<void>((resolve) => {
      slowAppended = resolve;
    });
    const slow = database.kysely.transaction().execute(async (trx) => {
      await store.append(trx, 'order-slow', 'no_stream', [{ type: 'Placed', data: { slow: true } }], {});
      slowAppended();
      while (bus.published.length < 200) await sleep(5);
    });
    await slowHasAppended;

    const workers = Array.from({ length: 8 }, (_, worker) =>
      (async () => {
        for (let i = 0; i < 125 - (worker === 0 ? 1 : 0); i++) {
          await database.kysely.transaction().execute(async (trx) => {
            await store.append(
              trx,
              `order-${worker}`,
              i === 0 ? 'no_stream' : i,
              [{ type: 'Placed', data: { worker, i } }],
              {},
            );
            // Hold the transaction open a random while so commits land out of sequence order.
            await sleep(Math.random() * 4);
          });
        }
      })(),
    );
    await Promise.all([...workers, slow]);
    for (const relay of relays) await relay.drain();
    for (const relay of relays) await relay.stop();

    const { published } = bus;
    expect(published).toHaveLength(1000);
    expect(new Set(published.map((event) => event.eventId)).size).toBe(1000);
    expect(published.map((event) => event.position)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    const slowEvent = published.find((event) => event.streamId === 'order-slow')!;
    expect(slowEvent.position).toBeGreaterThan(200);
    // Within a stream, publication follows the stream's versions.
    for (let worker = 0; worker < 8; worker++) {
      const versions = published
        .filter((event) => event.streamId === `order-${worker}`)
        .map((event) => event.version);
      expect(versions).toEqual([...versions].sort((a, b) => a - b));
    }
    // What readAll serves is what was published.
    const replay = await store.readAll(0, { limit: 2000 });
    expect(replay.map((event) => event.eventId)).toEqual(published.map((event) => event.eventId));
    expect((await relays[0]!.lag()).pending).toBe(0);
  });
});
