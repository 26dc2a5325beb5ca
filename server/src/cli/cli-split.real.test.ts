import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteRabbitNamespace } from '../../test/harness/rabbitmq-namespace.ts';
import { readJson } from '../../test/harness/read-json.ts';
import { createTestEnvironment, type TestEnvironment } from '../../test/harness/test-environment.ts';
import { eventually, spawnVeza, type VezaProcess } from '../../test/harness/veza-process.ts';

describe('split deployment: two processes behind veza gateway', () => {
  let environment: TestEnvironment;
  const running: VezaProcess[] = [];

  beforeAll(async () => {
    environment = await createTestEnvironment();
    if (!environment.env.AMQP_URL) throw new Error('needs AMQP_URL (npm run test:real)');
  });
  afterAll(async () => {
    for (const process of running) await process.stop();
    await deleteRabbitNamespace(environment.env.AMQP_URL!, environment.env.VEZA_NAMESPACE!, [
      'tally.count-notes',
      'tally.note-titles',
    ]);
    await environment.cleanup();
  });

  it('routes each area to its process and carries events between them through RabbitMQ', async () => {
    const notes = await spawnVeza(['start', '--services=notes'], { env: environment.env });
    running.push(notes);
    const tally = await spawnVeza(['start', '--services=tally'], { env: environment.env });
    running.push(tally);
    const gateway = await spawnVeza(['gateway'], {
      env: { ...environment.env, VEZA_GATEWAY_ROUTES: `notes=${notes.url},tally=${tally.url}` },
      readyPath: '/health/ready',
    });
    running.push(gateway);

    const created = await fetch(`${gateway.url}/api/v1/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'split-test-1' },
      body: JSON.stringify({ title: 'Bassline', body: 'through the gateway' }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('x-request-id')).toBe('split-test-1');
    const note = await readJson(created);

    // Each process serves only its own area.
    expect((await fetch(`${notes.url}/api/v1/tally`)).status).toBe(404);
    expect((await fetch(`${tally.url}/api/v1/notes/${note.id}`)).status).toBe(404);
    expect((await readJson(await fetch(`${gateway.url}/api/v1/notes/${note.id}`))).title).toBe('Bassline');

    // The event appended in the notes process is consumed in the tally process.
    const counted = await eventually(
      async () => readJson(await fetch(`${gateway.url}/api/v1/tally`)) as Promise<{ deliveries: number }>,
      (value) => value.deliveries === 1,
    );
    expect(counted.deliveries).toBe(1);

    const unknown = await fetch(`${gateway.url}/api/v1/unrouted`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/problem\+json/);
  });
});
