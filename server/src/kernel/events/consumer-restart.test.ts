import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notesService } from '../../../test/fixtures/notes-service.ts';
import { tallyService } from '../../../test/fixtures/tally-service.ts';
import { deleteRabbitNamespace } from '../../../test/harness/rabbitmq-namespace.ts';
import { createTestEnvironment, type TestEnvironment } from '../../../test/harness/test-environment.ts';
import { startTestRuntime, type TestRuntime } from '../../../test/harness/test-runtime.ts';
import { eventually } from '../../../test/harness/veza-process.ts';

describe('consumers across restarts', () => {
  let environment: TestEnvironment;
  beforeAll(async () => {
    environment = await createTestEnvironment();
  });
  afterAll(async () => {
    const { AMQP_URL, VEZA_NAMESPACE } = environment.env;
    if (AMQP_URL)
      await deleteRabbitNamespace(AMQP_URL, VEZA_NAMESPACE!, ['tally.count-notes', 'tally.note-titles']);
    await environment.cleanup();
  });

  // With RabbitMQ the durable queue is the checkpoint; the in-process bus keeps one per group.
  const expected = (n: number) => ({ n, d: n, top: environment.env.AMQP_URL ? 0 : n });
  const tally = (runtime: TestRuntime) =>
    eventually(
      () => deliveries(runtime),
      (counts) => counts.n >= 12,
    );
  const deliveries = async (runtime: TestRuntime) =>
    (
      await sql<{ n: number; d: number; top: number }>`
        select (select count(*)::int from tally.deliveries) as n,
               (select count(distinct event_id)::int from tally.deliveries) as d,
               (select coalesce(max(position), 0)::int from tally.consumer_checkpoints
                 where group_name = 'tally.count-notes') as top`.execute(runtime.database.kysely)
    ).rows[0]!;

  it('catches up on what was written while the consumer was not running, and resumes without repeats', async () => {
    // The consumer's service runs first, then is left out while notes are written.
    const first = await startTestRuntime({ services: [notesService, tallyService], environment });
    await first.cleanup();
    const writerOnly = await startTestRuntime({ services: [notesService], environment });
    for (let i = 0; i < 12; i++) {
      const response = await fetch(`${writerOnly.url}/api/v1/notes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: `offline ${i}`, body: '' }),
      });
      expect(response.status).toBe(201);
    }
    await writerOnly.settle();
    await writerOnly.cleanup();

    const both = await startTestRuntime({ services: [notesService, tallyService], environment });
    await both.settle();
    expect(await tally(both)).toEqual(expected(12));
    await both.cleanup();

    // A restart resumes from the saved checkpoint: nothing is applied twice.
    const again = await startTestRuntime({ services: [notesService, tallyService], environment });
    await again.settle();
    await new Promise((resolve) => setTimeout(resolve, 300)); // room for a wrongful redelivery to land
    expect(await tally(again)).toEqual(expected(12));
    await again.cleanup();
  });
});
