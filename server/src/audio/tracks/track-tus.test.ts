import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type TestUser } from '../../../test/harness/identity.ts';
import { startTestRuntime, type TestRuntime } from '../../../test/harness/test-runtime.ts';
import { authService } from '../../user/auth/auth-service.ts';
import { MUSIC_LIKE, synthAudio, useMediaWorkspace } from '../transcode/synth-media.ts';
import { artist, audioObjects, pendingUploadFiles, trackRowCount } from './track-test-kit.ts';
import { tracksService } from './tracks-service.ts';

const metadata = (entries: Record<string, string>) =>
  Object.entries(entries)
    .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
    .join(',');

/** The tus 1.0.0 protocol as a client speaks it, step by step, so the test can stop halfway. */
function tusClient(runtime: TestRuntime, user: TestUser) {
  const headers = { authorization: `Bearer ${user.accessToken}`, 'tus-resumable': '1.0.0' };
  return {
    async create(size: number, meta: Record<string, string>) {
      const response = await fetch(`${runtime.url}/api/v1/tracks/uploads`, {
        method: 'POST',
        headers: { ...headers, 'upload-length': String(size), 'upload-metadata': metadata(meta) },
      });
      expect(response.status).toBe(201);
      return new URL(response.headers.get('location') as string, runtime.url).toString();
    },
    offset: (url: string, as = user) =>
      fetch(url, { method: 'HEAD', headers: { ...headers, authorization: `Bearer ${as.accessToken}` } }),
    send: (url: string, offset: number, chunk: Buffer) =>
      fetch(url, {
        method: 'PATCH',
        headers: {
          ...headers,
          'upload-offset': String(offset),
          'content-type': 'application/offset+octet-stream',
        },
        body: chunk,
      }),
  };
}

describe('resumable uploads (tus)', () => {
  const media = useMediaWorkspace();
  let runtime: TestRuntime;
  let user: TestUser;
  let stranger: TestUser;

  beforeAll(async () => {
    runtime = await startTestRuntime({ services: [authService, tracksService] });
    user = await artist(runtime);
    stranger = await artist(runtime);
  });
  afterAll(() => runtime?.cleanup());

  it('an upload interrupted halfway resumes from the offset the server reports and becomes a track', async () => {
    const file = await synthAudio(media.tools, join(media.dir, 'long take.flac'), MUSIC_LIKE, 6);
    const bytes = await readFile(file);
    const tus = tusClient(runtime, user);
    const url = await tus.create(bytes.length, {
      filename: 'long take.flac',
      filetype: 'audio/flac',
      title: 'Resumed',
    });

    const half = Math.floor(bytes.length / 2);
    const first = await tus.send(url, 0, bytes.subarray(0, half));
    expect(first.status).toBe(204);
    // The connection "dropped": the client asks where to continue.
    const head = await tus.offset(url);
    expect(Number(head.headers.get('upload-offset'))).toBe(half);
    // Nobody else can see or continue it.
    expect((await tus.offset(url, stranger)).status).toBe(404);

    const last = await tus.send(url, half, bytes.subarray(half));
    expect(last.status).toBe(204);
    const trackId = last.headers.get('veza-track-id') as string;
    expect(trackId).toMatch(/^[0-9a-f-]{36}$/);

    const track = await api(runtime, 'GET', `/tracks/${trackId}`, { token: user.accessToken });
    expect(track.body).toMatchObject({ title: 'Resumed', state: 'uploaded', version: 1 });
    const stored = await runtime.adapters.storage.get(`tracks/${trackId}/v1/original`);
    expect(stored?.size).toBe(bytes.length);
    expect(await pendingUploadFiles(runtime)).toEqual([]);

    const uploadId = url.split('/').at(-1) as string;
    const lookup = await api(runtime, 'GET', `/tracks/uploads/${uploadId}/track`, {
      token: user.accessToken,
    });
    expect(lookup.body).toEqual({ trackId });
    expect(
      (await api(runtime, 'GET', `/tracks/uploads/${uploadId}/track`, { token: stranger.accessToken }))
        .status,
    ).toBe(404);
  });

  it('a finished upload that is not audio is refused with a problem and leaves nothing', async () => {
    const before = { objects: await audioObjects(runtime), rows: await trackRowCount(runtime) };
    const text = join(media.dir, 'readme.mp3');
    await writeFile(text, 'not audio at all\n'.repeat(100));
    const bytes = await readFile(text);
    const tus = tusClient(runtime, user);
    const url = await tus.create(bytes.length, { filename: 'readme.mp3' });
    const answer = await tus.send(url, 0, bytes);
    expect(answer.status).toBe(415);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(((await answer.json()) as { code: string }).code).toBe('audio_unsupported');
    expect(await audioObjects(runtime)).toEqual(before.objects);
    expect(await trackRowCount(runtime)).toBe(before.rows);
    expect(await pendingUploadFiles(runtime)).toEqual([]);
  });

  it('refuses an upload over the size limit at creation, and requests without an account', async () => {
    const tooBig = await fetch(`${runtime.url}/api/v1/tracks/uploads`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${user.accessToken}`,
        'tus-resumable': '1.0.0',
        'upload-length': String(runtime.config.maxUploadBytes + 1),
      },
    });
    expect(tooBig.status).toBe(413);
    const anonymous = await fetch(`${runtime.url}/api/v1/tracks/uploads`, {
      method: 'POST',
      headers: { 'tus-resumable': '1.0.0', 'upload-length': '10' },
    });
    expect(anonymous.status).toBe(401);
  });
});
