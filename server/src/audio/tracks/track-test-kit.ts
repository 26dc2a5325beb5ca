import { openAsBlob } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { api, signUpVerified, type TestUser } from '../../../test/harness/identity.ts';
import type { TestRuntime } from '../../../test/harness/test-runtime.ts';
import { eventually } from '../../../test/harness/veza-process.ts';

/**
 * What the tracks tests share: accounts whose username reached the tracks service, multipart uploads of
 * files the tests synthesized, and looks into what the service left in storage and its tables.
 */
export async function artist(runtime: TestRuntime): Promise<TestUser> {
  const user = await signUpVerified(runtime);
  await runtime.settle();
  return user;
}

/** Uploads `file` (streamed from disk, as a browser would) with optional form fields. */
export async function uploadTrack(
  runtime: TestRuntime,
  user: TestUser | null,
  file: string,
  fields: Record<string, string> = {},
  options: { method?: 'POST' | 'PUT'; path?: string; type?: string } = {},
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', await openAsBlob(file, { type: options.type ?? '' }), path.basename(file));
  const response = await fetch(`${runtime.url}/api/v1${options.path ?? '/tracks'}`, {
    method: options.method ?? 'POST',
    headers: user ? { authorization: `Bearer ${user.accessToken}` } : {},
    body: form,
  });
  const text = await response.text();
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the endpoint answers
  const body: any = response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
  return { status: response.status, body, headers: response.headers };
}

/** Every object under `tracks/` and `audio/` in the runtime's storage. */
export async function audioObjects(runtime: TestRuntime): Promise<string[]> {
  const storage = runtime.adapters.storage;
  return [...(await storage.list('tracks/')), ...(await storage.list('audio/'))];
}

export async function trackRowCount(runtime: TestRuntime): Promise<number> {
  const result = await sql<{ n: number }>`select (select count(*) from tracks.tracks)::int
    + (select count(*) from tracks.track_versions)::int as n`.execute(runtime.database.kysely);
  return result.rows[0]?.n ?? -1;
}

/** Files waiting in the upload folders (multipart temporaries and tus chunks). */
export async function pendingUploadFiles(runtime: TestRuntime): Promise<string[]> {
  const root = path.join(path.resolve(runtime.config.dataDir), 'tmp');
  const found: string[] = [];
  for (const dir of ['uploads', 'tus']) {
    found.push(...(await readdir(path.join(root, dir)).catch(() => [])));
  }
  return found;
}

/** Polls the track (as its owner) until `done` holds, settling events between reads. */
export async function trackWhen(
  runtime: TestRuntime,
  user: TestUser,
  id: string,
  done: (track: { state: string; [key: string]: unknown }) => boolean,
) {
  return eventually(async () => {
    await runtime.settle();
    return (await api(runtime, 'GET', `/tracks/${id}`, { token: user.accessToken })).body;
  }, done);
}

/**
 * Waits until the stream service serves a ready track's master playlist: it learns of the ready version
 * from the same events as the tracks service, a moment later when they go through a broker.
 */
export async function whenPlayable(runtime: TestRuntime, hlsUrl: string) {
  await eventually(
    async () => (await fetch(new URL(hlsUrl, runtime.url))).status,
    (status) => status === 200,
  );
}
