import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteRabbitNamespace } from '../../test/harness/rabbitmq-namespace.ts';
import { readJson } from '../../test/harness/read-json.ts';
import { createTestEnvironment, type TestEnvironment } from '../../test/harness/test-environment.ts';
import { eventually, spawnVeza, type VezaProcess } from '../../test/harness/veza-process.ts';

const GROUPS = ['tally.count-notes', 'tally.note-titles'];

describe('kill -9 while relaying to RabbitMQ', () => {
  let environment: TestEnvironment;
  let db: pg.Client;
  const running: VezaProcess[] = [];

  beforeAll(async () => {
    environment = await createTestEnvironment();
    if (!environment.env.AMQP_URL || !environment.env.DATABASE_URL)
      throw new Error('needs AMQP_URL and DATABASE_URL (npm run test:real)');
    db = new pg.Client({ connectionString: environment.env.DATABASE_URL });
  });
  afterAll(async () => {
    for (const process of running) await process.kill();
    await db.end().catch(() => {});
    await deleteRabbitNamespace(environment.env.AMQP_URL!, environment.env.VEZA_NAMESPACE!, GROUPS);
    await environment.cleanup();
  });

  it('delivers every committed event after a restart and applies each effect exactly once', async () => {
    const consumer = await spawnVeza(['start', '--services=tally'], { env: environment.env });
    running.push(consumer);
    await db.connect();

    let writer = await spawnVeza(['start', '--services=notes'], { env: environment.env });
    let created = 0;
    let unrelayedAtCrash = 0;
    // Write bursts and kill the writer right after one: until a kill lands while committed events
    // are still waiting for (or in the middle of) their relay batch.
    for (let attempt = 0; attempt < 5 && unrelayedAtCrash === 0; attempt++) {
      const burst = await Promise.all(
        Array.from({ length: 150 }, (_, i) =>
          fetch(`${writer.url}/api/v1/notes`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ title: `take ${attempt}-${i}`, body: '' }),
          }),
        ),
      );
      expect(burst.every((response) => response.status === 201)).toBe(true);
      created += burst.length;
      await writer.kill();
      const pending = await db.query('select count(*)::int as n from notes.events where position is null');
      unrelayedAtCrash = pending.rows[0].n;
      writer = await spawnVeza(['start', '--services=notes'], { env: environment.env });
    }
    running.push(writer);
    expect(unrelayedAtCrash).toBeGreaterThan(0);

    const tally = await eventually(
      async () =>
        readJson(await fetch(`${consumer.url}/api/v1/tally`)) as Promise<{
          deliveries: number;
          distinctEvents: number;
        }>,
      (value) => value.distinctEvents >= created,
      60_000,
    );
    expect(tally).toEqual({ deliveries: created, distinctEvents: created });
    const relayed = await db.query('select count(*)::int as n, max(position)::int as top from notes.events');
    expect(relayed.rows[0]).toEqual({ n: created, top: created });
  });
});
