import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notesService } from '../../../test/fixtures/notes-service.ts';
import { readJson } from '../../../test/harness/read-json.ts';
import { startTestRuntime, type TestRuntime } from '../../../test/harness/test-runtime.ts';
import { defineService } from '../service-module.ts';

// A route that fails the way a bug would, to check that nothing internal leaks.
const faultyService = defineService({
  name: 'faulty',
  areas: ['faulty'],
  migrations: [],
  routes(app) {
    app.get('/faulty', async () => {
      throw new Error('connection string postgres://admin:s3cret@db/prod refused');
    });
  },
});

describe('HTTP kernel', () => {
  let runtime: TestRuntime;
  const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(`${runtime.url}/api/v1/notes`, { method: 'POST', headers, body });

  beforeAll(async () => {
    runtime = await startTestRuntime({
      services: [notesService, faultyService],
      env: { VEZA_BODY_LIMIT: '2048' },
    });
  });
  afterAll(async () => {
    await runtime.cleanup();
  });

  async function expectProblem(response: Response, status: number, code: string) {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = await readJson(response);
    expect(body).toMatchObject({ status, code, type: 'about:blank' });
    expect(typeof body.title).toBe('string');
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/);
    return body;
  }

  async function rowCounts() {
    const notes = await sql<{ n: number }>`select count(*)::int as n from notes.notes`.execute(
      runtime.database.kysely,
    );
    const events = await sql<{ n: number }>`select count(*)::int as n from notes.events`.execute(
      runtime.database.kysely,
    );
    return { notes: notes.rows[0]!.n, events: events.rows[0]!.n };
  }

  it('answers bad requests with problem+json and writes nothing', async () => {
    const before = await rowCounts();
    await expectProblem(await fetch(`${runtime.url}/api/v1/nowhere`), 404, 'route_not_found');
    await expectProblem(await post('{"title": "unterminated'), 400, 'malformed_json');
    const invalid = await expectProblem(
      await post(JSON.stringify({ body: 'no title' })),
      400,
      'validation_failed',
    );
    expect(invalid.errors).toEqual(expect.arrayContaining([expect.objectContaining({ location: 'body' })]));
    expect(invalid.errors[0].message).toMatch(/title/);
    await expectProblem(
      await post(JSON.stringify({ title: 'x'.repeat(201), body: '' })),
      400,
      'validation_failed',
    );
    await expectProblem(
      await post(JSON.stringify({ title: 't', body: 'b', admin: true })),
      400,
      'validation_failed',
    );
    await expectProblem(
      await post(JSON.stringify({ title: 't', body: 'x'.repeat(4096) })),
      413,
      'payload_too_large',
    );
    await expectProblem(
      await post('<note/>', { 'content-type': 'application/xml' }),
      415,
      'unsupported_media_type',
    );
    await expectProblem(await fetch(`${runtime.url}/api/v1/notes/not-a-uuid`), 400, 'validation_failed');
    await expectProblem(await fetch(`${runtime.url}/api/v1/notes/${crypto.randomUUID()}`), 404, 'not_found');
    expect(await rowCounts()).toEqual(before);
  });

  it('hides internal errors behind a generic 500', async () => {
    const body = await expectProblem(await fetch(`${runtime.url}/api/v1/faulty`), 500, 'internal_error');
    expect(JSON.stringify(body)).not.toContain('s3cret');
    expect(body.requestId).toBeTruthy();
  });

  it('maps a concurrent edit to 409 and keeps the first edit', async () => {
    const note = await readJson(await post(JSON.stringify({ title: 'v1', body: '' })));
    const edit = (title: string) =>
      fetch(`${runtime.url}/api/v1/notes/${note.id}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title, body: '', expectedVersion: 1 }),
      });
    expect((await edit('v2')).status).toBe(200);
    await expectProblem(await edit('v2-stale'), 409, 'concurrency_conflict');
    expect((await readJson(await fetch(`${runtime.url}/api/v1/notes/${note.id}`))).title).toBe('v2');
  });

  it('keeps a sane caller request id and always returns one', async () => {
    const given = await fetch(`${runtime.url}/health/live`, { headers: { 'x-request-id': 'edge-42' } });
    expect(given.headers.get('x-request-id')).toBe('edge-42');
    const generated = await fetch(`${runtime.url}/health/live`, {
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports readiness of the database, bus, cache and storage', async () => {
    const response = await fetch(`${runtime.url}/health/ready`);
    expect(response.status).toBe(200);
    const body = await readJson(response);
    expect(Object.keys(body.checks).sort()).toEqual(['bus', 'cache', 'database', 'storage']);
    for (const check of Object.values(body.checks)) expect(check).toMatchObject({ status: 'ok' });
  });

  it('serves an OpenAPI 3.1 document and a browsable UI', async () => {
    const document = await readJson(await fetch(`${runtime.url}/api/docs/openapi.json`));
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/v1/notes', '/api/v1/notes/{id}', '/api/v1/status']),
    );
    expect(document.components.schemas.Problem.properties.code).toBeTruthy();
    const ui = await fetch(`${runtime.url}/api/docs`, { redirect: 'follow' });
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });

  it('exposes request durations by route and status, relay lag and process metrics', async () => {
    await fetch(`${runtime.url}/api/v1/notes/${crypto.randomUUID()}`);
    const text = await (await fetch(`${runtime.url}/metrics`)).text();
    expect(text).toMatch(
      /veza_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/notes\/:id",status_code="404"\} [1-9]/,
    );
    expect(text).toMatch(/veza_relay_pending_events\{source="notes"\} \d+/);
    expect(text).toContain('process_cpu_user_seconds_total');
  });
});
