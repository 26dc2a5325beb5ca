import { openAsBlob } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { eventually, type VezaProcess } from '../../../test/harness/veza-process.ts';
import { useVezaProcesses } from '../../../test/harness/veza-processes.ts';
import { TRACK_ACCESS_GROUP } from '../stream/track-access-projection.ts';
import { MUSIC_LIKE, synthAudio, useMediaWorkspace } from '../transcode/synth-media.ts';

/**
 * Acceptance 5 of issue 4 with the `veza` command users run (every service, embedded or real): a process
 * killed (SIGKILL, no cleanup) while a track transcodes is started again, and the track becomes ready.
 */
const media = useMediaWorkspace();
const processes = useVezaProcesses([
  'profiles.accounts',
  'tracks.accounts',
  'tracks.transcode',
  'transcode.uploads',
  TRACK_ACCESS_GROUP,
]);

// Leases of 2 s, so the killed process's job is free to take soon after the restart; logs on, since the
// verification mail is read from them.
const startVeza = () =>
  processes.start(['start'], {
    env: { VEZA_TRANSCODE_LEASE_SECONDS: '2', LOG_LEVEL: 'info' },
    entry: 'veza',
  });

async function call(veza: VezaProcess, method: string, path: string, body?: unknown, token?: string) {
  const response = await fetch(`${veza.url}/api/v1${path}`, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  // biome-ignore lint/suspicious/noExplicitAny: whatever the endpoint answers
  return { status: response.status, body: (await response.json().catch(() => null)) as any };
}

/** Signs up and verifies through the link the log mailer printed (no SMTP here). */
async function signedInArtist(veza: VezaProcess): Promise<string> {
  const email = 'crash@example.test';
  const password = 'correct horse battery staple';
  expect(
    (await call(veza, 'POST', '/auth/sign-up', { email, username: 'crash_artist', password })).status,
  ).toBe(202);
  const output = await eventually(
    async () => veza.output(),
    (text) => text.includes(email) && /[?&]token=[\w-]+/.test(text.slice(text.indexOf(email))),
  );
  const token = /[?&]token=([\w-]+)/.exec(output.slice(output.indexOf(email)))?.[1];
  expect((await call(veza, 'POST', '/auth/verify-email', { token })).status).toBe(200);
  const signIn = await call(veza, 'POST', '/auth/sign-in', { login: email, password });
  return signIn.body.accessToken as string;
}

it('a track whose process was killed mid-transcode becomes ready after a restart', async () => {
  // Long enough that the kill lands mid-transcode.
  const source = await synthAudio(media.tools, join(media.dir, 'long.wav'), MUSIC_LIKE, 60);
  const first = await startVeza();
  const token = await signedInArtist(first);
  const form = new FormData();
  form.append('file', await openAsBlob(source), 'long.wav');
  const upload = await fetch(`${first.url}/api/v1/tracks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  expect(upload.status).toBe(201);
  const { id } = (await upload.json()) as { id: string };
  await eventually(
    async () => (await call(first, 'GET', `/tracks/${id}`, undefined, token)).body.state,
    (state) => state === 'processing',
  );
  await first.kill();

  const second = await startVeza();
  const track = await eventually(
    async () => (await call(second, 'GET', `/tracks/${id}`, undefined, token)).body,
    (body) => body.state === 'ready' || body.state === 'failed',
    180_000,
  );
  expect([track.state, track.failureReason]).toEqual(['ready', null]);
  expect(Math.abs(track.durationSeconds - 60)).toBeLessThanOrEqual(0.1);
  // The stream service learns of the ready version from the same events, a moment later through a broker.
  const master = await eventually(
    async () => {
      const response = await fetch(new URL(track.playback.hls, second.url));
      return { status: response.status, text: await response.text() };
    },
    (answer) => answer.status === 200,
  );
  expect(master.text).toContain('#EXT-X-STREAM-INF');
}, 300_000);
