import amqp from 'amqplib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notesService } from '../../../test/fixtures/notes-service.ts';
import { tallyService } from '../../../test/fixtures/tally-service.ts';
import { readJson } from '../../../test/harness/read-json.ts';
import { startTestRuntime, type TestRuntime } from '../../../test/harness/test-runtime.ts';
import { eventually } from '../../../test/harness/veza-process.ts';
import { rebuildProjection } from '../runtime/rebuild-projection.ts';
import { defineService } from '../service-module.ts';

// Fails on one poisoned note, every time: it must be retried, then parked, without blocking the rest.
const flakyService = defineService({
  name: 'flaky',
  areas: [],
  migrations: [],
  consumers: () => [
    {
      group: 'flaky.poison',
      events: ['notes.NoteCreated'],
      async handle(event) {
        if ((event.data as { title: string }).title === 'poison') throw new Error('cannot digest this note');
      },
    },
  ],
});

describe('events from a write to its consumers', () => {
  let runtime: TestRuntime;
  const query = async <T>(text: string) => (await sql.raw<T>(text).execute(runtime.database.kysely)).rows;
  const createNote = async (title: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${runtime.url}/api/v1/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ title, body: '' }),
    });
    expect(response.status).toBe(201);
    return (await readJson(response)) as { id: string; version: number };
  };
  const settleRabbit = () =>
    eventually(
      () => query<{ n: number }>('select count(*)::int as n from notes.events where position is null'),
      (rows) => rows[0]!.n === 0,
    );

  beforeAll(async () => {
    runtime = await startTestRuntime({
      services: [notesService, tallyService, flakyService],
      retry: { maxAttempts: 3, baseDelayMs: 10 },
    });
  });
  afterAll(async () => {
    await runtime.cleanup();
  });

  it('delivers events to consumers in another service, continuing the request trace', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const note = await createNote('Snare rolls', { traceparent: `00-${traceId}-00f067aa0ba902b7-01` });
    await runtime.settle();
    const [event] = await query<{ metadata: { traceparent: string; correlationId: string } }>(
      `select metadata from notes.events where stream_id = 'note-${note.id}'`,
    );
    expect(event!.metadata.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(event!.metadata.traceparent).not.toContain('00f067aa0ba902b7');
    const deliveries = await eventually(
      () => query<{ trace_id: string }>(`select trace_id from tally.deliveries where note_id = '${note.id}'`),
      (rows) => rows.length > 0,
    );
    expect(deliveries).toEqual([{ trace_id: traceId }]);
  });

  it('applies each event exactly once even when the bus delivers it again', async () => {
    for (let i = 0; i < 5; i++) await createNote(`Loop ${i}`);
    await runtime.settle();
    await settleRabbit();
    const count = async () =>
      (
        await query<{ n: number; d: number }>(
          'select count(*)::int as n, count(distinct event_id)::int as d from tally.deliveries',
        )
      )[0]!;
    const before = await eventually(count, (c) => c.n >= 6);
    // Redeliver everything: the in-process bus re-reads from a zeroed checkpoint, RabbitMQ gets it all again.
    await query('update tally.consumer_checkpoints set position = 0');
    await runtime.adapters.bus.publish(await runtime.hosted.get('notes')!.store.readAll(0, { limit: 1000 }));
    await runtime.settle();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = await count();
    expect(after).toEqual(before);
    expect(after.n).toBe(after.d);
  });

  it('rebuilds a dropped projection by replay to the same rows as the live one', async () => {
    const note = await createNote('Pad chords');
    await fetch(`${runtime.url}/api/v1/notes/${note.id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Pad chords (final)', body: '', expectedVersion: 1 }),
    });
    await runtime.settle();
    const snapshot = () => query('select note_id, title, edits from tally.note_titles order by note_id');
    const live = await eventually(snapshot, (rows) =>
      rows.some((row) => (row as { edits: number }).edits === 1),
    );
    await query("update tally.note_titles set title = 'corrupted', edits = 99");
    const { replayed } = await rebuildProjection(runtime, 'tally.note-titles');
    expect(replayed).toBeGreaterThanOrEqual(live.length + 1);
    expect(await snapshot()).toEqual(live);
  });

  it('retries a failing consumer, parks the event, and keeps consuming', async () => {
    await createNote('poison');
    const after = await createNote('digestible');
    await runtime.settle();
    await eventually(
      () =>
        query<{ n: number }>(`select count(*)::int as n from tally.deliveries where note_id = '${after.id}'`),
      (rows) => rows[0]!.n === 1,
    );
    if (runtime.adapters.bus.kind === 'in-process') {
      const parked = await eventually(
        () =>
          query<{ type: string; attempts: number; error: string }>(
            'select type, attempts, error from flaky.dead_letters',
          ),
        (rows) => rows.length > 0,
      );
      expect(parked).toEqual([{ type: 'NoteCreated', attempts: 3, error: 'cannot digest this note' }]);
    } else {
      const connection = await amqp.connect(process.env.AMQP_URL!);
      try {
        const channel = await connection.createChannel();
        const dead = `${runtime.config.namespace}.flaky.poison.dead`;
        const parked = await eventually(
          () => channel.checkQueue(dead),
          (queue) => queue.messageCount === 1,
        );
        expect(parked.messageCount).toBe(1);
      } finally {
        await connection.close();
      }
    }
    const metrics = await (await fetch(`${runtime.url}/metrics`)).text();
    expect(metrics).toMatch(/veza_consumer_failures_total\{group="flaky.poison",outcome="dead_letter"\} 1/);
  });
});
