import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson } from '../../test/harness/read-json.ts';
import { createTestEnvironment, type TestEnvironment } from '../../test/harness/test-environment.ts';
import { spawnVeza } from '../../test/harness/veza-process.ts';

describe('veza start', () => {
  let environment: TestEnvironment;
  beforeAll(async () => {
    environment = await createTestEnvironment();
  });
  afterAll(async () => {
    await environment.cleanup();
  });

  it('serves, keeps data across a restart, and drains in-flight requests on SIGTERM', async () => {
    const first = await spawnVeza(['start'], { env: environment.env });
    const ready = await fetch(`${first.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect((await readJson(ready)).checks.database.status).toBe('ok');

    const created = await fetch(`${first.url}/api/v1/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Kick drum ideas', body: 'sidechain everything' }),
    });
    expect(created.status).toBe(201);
    const note = await readJson(created);

    // A request still in flight when SIGTERM arrives is answered before the process exits.
    const slow = fetch(`${first.url}/api/v1/notes/${note.id}?delayMs=700`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const exitCode = first.stop();
    const slowResponse = await slow;
    expect(slowResponse.status).toBe(200);
    expect((await readJson(slowResponse)).title).toBe('Kick drum ideas');
    expect(await exitCode, first.output()).toBe(0);

    const second = await spawnVeza(['start'], { env: environment.env });
    try {
      const again = await fetch(`${second.url}/api/v1/notes/${note.id}`);
      expect(again.status).toBe(200);
      expect(await readJson(again)).toEqual(note);
    } finally {
      expect(await second.stop(), second.output()).toBe(0);
    }
  });
});
