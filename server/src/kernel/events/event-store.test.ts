import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnvironment, type TestEnvironment } from '../../../test/harness/test-environment.ts';
import { type Database, openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrations.ts';
import { ConcurrencyError } from './concurrency-error.ts';
import { EventStore } from './event-store.ts';
import { eventStoreMigrations } from './event-store-tables.ts';

describe('event store', () => {
  let environment: TestEnvironment;
  let database: Database;
  let store: EventStore;
  const meta = { actor: 'user-1', correlationId: 'req-1' };

  beforeAll(async () => {
    environment = await createTestEnvironment();
    database = await openDatabase({
      databaseUrl: environment.env.DATABASE_URL,
      dataDir: environment.dataDir,
      poolSize: 10,
    });
    await migrate(database.kysely, [{ schema: 'ledger', migrations: eventStoreMigrations }]);
    store = new EventStore(database.kysely, 'ledger');
  });

  afterAll(async () => {
    await database.close();
    await environment.cleanup();
  });

  const append = (streamId: string, expected: Parameters<EventStore['append']>[2], types: string[]) =>
    database.kysely.transaction().execute((trx) =>
      store.append(
        trx,
        streamId,
        expected,
        types.map((type, i) => ({ type, data: { i } })),
        meta,
      ),
    );

  it('appends with consecutive versions and reads a stream back from a version', async () => {
    const first = await append('acct-1', 'no_stream', ['Opened', 'Deposited']);
    expect(first.map((e) => e.version)).toEqual([1, 2]);
    await append('acct-1', 2, ['Withdrawn']);
    const all = await store.readStream('acct-1');
    expect(all.map((e) => [e.version, e.type])).toEqual([
      [1, 'Opened'],
      [2, 'Deposited'],
      [3, 'Withdrawn'],
    ]);
    expect(all[0]!.metadata).toEqual(meta);
    expect(all[0]!.source).toBe('ledger');
    const tail = await store.readStream('acct-1', { fromVersion: 2 });
    expect(tail.map((e) => e.version)).toEqual([2, 3]);
  });

  it('refuses a wrong expected version with a typed 409 error and writes nothing', async () => {
    await append('acct-2', 'no_stream', ['Opened']);
    const attempt = append('acct-2', 5, ['Deposited']);
    await expect(attempt).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(attempt).rejects.toMatchObject({ status: 409, code: 'concurrency_conflict', actual: 1 });
    await expect(append('acct-2', 'no_stream', ['Opened'])).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await store.readStream('acct-2')).toHaveLength(1);
  });

  it('lets exactly one of many concurrent appends at the same expected version win', async () => {
    await append('acct-3', 'no_stream', ['Opened']);
    const attempts = await Promise.allSettled(
      Array.from({ length: 8 }, () => append('acct-3', 1, ['Deposited'])),
    );
    const winners = attempts.filter((a) => a.status === 'fulfilled');
    const losers = attempts.filter((a) => a.status === 'rejected');
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(7);
    for (const loser of losers)
      expect((loser as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
    expect((await store.readStream('acct-3')).map((e) => e.version)).toEqual([1, 2]);
  });

  it('rolls the events back with the transaction that appended them', async () => {
    await expect(
      database.kysely.transaction().execute(async (trx) => {
        await store.append(trx, 'acct-4', 'no_stream', [{ type: 'Opened', data: {} }], meta);
        throw new Error('business rule failed after the append');
      }),
    ).rejects.toThrow('business rule failed');
    expect(await store.readStream('acct-4')).toEqual([]);
  });

  it('folds a stream as it was at a given time', async () => {
    await append('acct-5', 'no_stream', ['Opened']);
    await append('acct-5', 1, ['Deposited']);
    // Dates have millisecond precision, the store microseconds: keep the cut-off clear of both sides.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const between = new Date();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await append('acct-5', 2, ['Deposited', 'Deposited']);
    const count = (asOf?: Date) =>
      store.fold('acct-5', (n, e) => (e.type === 'Deposited' ? n + 1 : n), 0, asOf);
    expect(await count(between)).toBe(1);
    expect(await count()).toBe(3);
    expect(await count(new Date(0))).toBe(0);
  });

  it('reads nothing by position until the relay has positioned the events', async () => {
    const before = await store.headPosition();
    await append('acct-6', 'no_stream', ['Opened']);
    expect(await store.readAll(before)).toEqual([]);
    const unrelayed = await sql<{
      n: number;
    }>`select count(*)::int as n from ledger.events where position is null`.execute(database.kysely);
    expect(unrelayed.rows[0]!.n).toBeGreaterThan(0);
  });
});
