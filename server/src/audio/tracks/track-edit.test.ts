import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, signUpVerified, type TestUser } from '../../../test/harness/identity.ts';
import { startTestRuntime, type TestRuntime } from '../../../test/harness/test-runtime.ts';
import { authService } from '../../user/auth/auth-service.ts';
import { MUSIC_LIKE, synthAudio, useMediaWorkspace } from '../transcode/synth-media.ts';
import { artist, audioObjects, uploadTrack } from './track-test-kit.ts';
import { tracksService } from './tracks-service.ts';

const MODERATOR_EMAIL = 'mod@example.test';

describe('editing, visibility and deletion of tracks', () => {
  const media = useMediaWorkspace();
  let runtime: TestRuntime;
  let owner: TestUser;
  let stranger: TestUser;
  let moderator: TestUser;
  let wav: string;

  beforeAll(async () => {
    runtime = await startTestRuntime({
      services: [authService, tracksService],
      env: { VEZA_ADMIN_EMAILS: MODERATOR_EMAIL },
    });
    owner = await artist(runtime);
    stranger = await artist(runtime);
    moderator = await signUpVerified(runtime, { email: MODERATOR_EMAIL });
    wav = await synthAudio(media.tools, join(media.dir, 'take.wav'), MUSIC_LIKE, 3);
  });
  afterAll(() => runtime?.cleanup());

  const upload = async (fields: Record<string, string> = {}) => {
    const answer = await uploadTrack(runtime, owner, wav, fields);
    expect(answer.status).toBe(201);
    return answer.body as { id: string; [key: string]: unknown };
  };
  const get = (id: string, user?: TestUser) =>
    api(runtime, 'GET', `/tracks/${id}`, { token: user?.accessToken });
  const listed = async (user?: TestUser) =>
    (
      await api(runtime, 'GET', `/tracks?artist=${owner.username}`, { token: user?.accessToken })
    ).body.tracks.map((track: { id: string }) => track.id);

  it('the owner edits metadata; others cannot', async () => {
    const track = await upload();
    const edited = await api(runtime, 'PATCH', `/tracks/${track.id}`, {
      token: owner.accessToken,
      body: {
        title: 'Second take',
        description: 'Recorded live',
        credits: [{ role: 'Mixing', name: 'Sam' }],
        releaseDate: '2026-10-31',
        license: 'cc0',
        tags: ['live'],
      },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      title: 'Second take',
      description: 'Recorded live',
      credits: [{ role: 'Mixing', name: 'Sam' }],
      releaseDate: '2026-10-31',
      license: 'cc0',
      tags: ['live'],
    });
    const refused = await api(runtime, 'PATCH', `/tracks/${track.id}`, {
      token: stranger.accessToken,
      body: { title: 'Mine now' },
    });
    expect(refused.status).toBe(403);
    const invalid = await api(runtime, 'PATCH', `/tracks/${track.id}`, {
      token: owner.accessToken,
      body: { license: 'public-domain-ish' },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('validation_failed');
    expect((await get(track.id)).body.title).toBe('Second take');
  });

  it('a private track is only its owner’s: 404 to others, absent from their lists', async () => {
    const track = await upload({ visibility: 'private' });
    expect((await get(track.id, owner)).status).toBe(200);
    expect((await get(track.id, stranger)).status).toBe(404);
    expect((await get(track.id)).status).toBe(404);
    expect((await get(track.id, moderator)).status).toBe(200);
    expect(await listed(stranger)).not.toContain(track.id);
    expect(await listed()).not.toContain(track.id);
    expect(await listed(owner)).toContain(track.id);
  });

  it('an unlisted track is reached only by its secret link, which the owner can reset', async () => {
    const track = await upload({ visibility: 'unlisted' });
    const sharePath = track.sharePath as string;
    expect(sharePath).toMatch(/^\/t\/s\/[A-Za-z0-9_-]{24}$/);
    const secret = sharePath.split('/').at(-1) as string;
    expect((await get(track.id, stranger)).status).toBe(404);
    expect(await listed(stranger)).not.toContain(track.id);
    const shared = await api(runtime, 'GET', `/tracks/shared/${secret}`, { token: stranger.accessToken });
    expect(shared.status).toBe(200);
    expect(shared.body.id).toBe(track.id);
    expect(shared.body.sharePath).toBeNull();

    const reset = await api(runtime, 'POST', `/tracks/${track.id}/share-link`, { token: owner.accessToken });
    expect(reset.status).toBe(200);
    expect(reset.body.secret).not.toBe(secret);
    expect((await api(runtime, 'GET', `/tracks/shared/${secret}`)).status).toBe(404);
    expect((await api(runtime, 'GET', `/tracks/shared/${reset.body.secret}`)).status).toBe(200);

    // Made private, the link stops working too.
    await api(runtime, 'PATCH', `/tracks/${track.id}`, {
      token: owner.accessToken,
      body: { visibility: 'private' },
    });
    expect((await api(runtime, 'GET', `/tracks/shared/${reset.body.secret}`)).status).toBe(404);
  });

  it('artwork: the owner sets and removes it; a stranger cannot', async () => {
    const track = await upload();
    const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#208040' } })
      .png()
      .toBuffer();
    const put = (user: TestUser) =>
      fetch(`${runtime.url}/api/v1/tracks/${track.id}/artwork`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${user.accessToken}`, 'content-type': 'image/png' },
        body: png,
      });
    expect((await put(stranger)).status).toBe(403);
    const answer = await put(owner);
    expect(answer.status).toBe(200);
    const { artwork } = (await answer.json()) as { artwork: { small: string; medium: string } };
    const small = await fetch(`${runtime.url}${artwork.small}`);
    expect(small.headers.get('cache-control')).toContain('immutable');
    expect((await sharp(Buffer.from(await small.arrayBuffer())).metadata()).width).toBe(200);
    const removed = await api(runtime, 'DELETE', `/tracks/${track.id}/artwork`, { token: owner.accessToken });
    expect(removed.body.artwork).toBeNull();
    expect((await fetch(`${runtime.url}${artwork.small}`)).status).toBe(404);
    expect((await audioObjects(runtime)).filter((key) => key.includes(`${track.id}/artwork`))).toEqual([]);
  });

  it('replacing the audio makes a new version; only the owner may', async () => {
    const track = await upload();
    const other = await synthAudio(media.tools, join(media.dir, 'take2.flac'), MUSIC_LIKE, 3);
    const refused = await uploadTrack(
      runtime,
      stranger,
      other,
      {},
      { method: 'PUT', path: `/tracks/${track.id}/audio` },
    );
    expect(refused.status).toBe(403);
    const replaced = await uploadTrack(
      runtime,
      owner,
      other,
      {},
      { method: 'PUT', path: `/tracks/${track.id}/audio` },
    );
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ version: 2, state: 'uploaded' });
    const keys = await audioObjects(runtime);
    expect(keys).toContain(`tracks/${track.id}/v2/original`);
    // The first version's original stays until the new one is ready (it may still be what plays).
    expect(keys).toContain(`tracks/${track.id}/v1/original`);
    const original = await runtime.adapters.storage.get(`tracks/${track.id}/v2/original`);
    expect(original?.size).toBe((await readFile(other)).length);
  });

  it('retry is refused unless the track failed, and to strangers', async () => {
    const track = await upload();
    expect(
      (await api(runtime, 'POST', `/tracks/${track.id}/retry`, { token: stranger.accessToken })).status,
    ).toBe(403);
    const answer = await api(runtime, 'POST', `/tracks/${track.id}/retry`, { token: owner.accessToken });
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('track_not_failed');
  });

  it('deleting removes the track and its files; a moderator may delete anyone’s', async () => {
    const track = await upload();
    expect(
      (await api(runtime, 'DELETE', `/tracks/${track.id}`, { token: stranger.accessToken })).status,
    ).toBe(403);
    expect((await api(runtime, 'DELETE', `/tracks/${track.id}`, { token: owner.accessToken })).status).toBe(
      204,
    );
    expect((await get(track.id, owner)).status).toBe(404);
    expect((await audioObjects(runtime)).filter((key) => key.includes(track.id))).toEqual([]);
    const events = await runtime.hosted.get('tracks')!.store.readStream(`track-${track.id}`);
    expect(events.at(-1)).toMatchObject({ type: 'TrackDeleted', data: { trackId: track.id, versions: [1] } });

    const another = await upload();
    expect(
      (await api(runtime, 'DELETE', `/tracks/${another.id}`, { token: moderator.accessToken })).status,
    ).toBe(204);
    expect((await get(another.id, owner)).status).toBe(404);
  });
});
