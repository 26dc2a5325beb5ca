import { truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type TestUser } from '../../../test/harness/identity.ts';
import { startTestRuntime, type TestRuntime } from '../../../test/harness/test-runtime.ts';
import { authService } from '../../user/auth/auth-service.ts';
import { QUIET_FFMPEG, runMediaTool } from '../transcode/media-tools.ts';
import { MUSIC_LIKE, synthAudio, useMediaWorkspace } from '../transcode/synth-media.ts';
import { artist, audioObjects, pendingUploadFiles, trackRowCount, uploadTrack } from './track-test-kit.ts';
import { tracksService } from './tracks-service.ts';

// Small enough that a 30 s WAV (~5 MB) is over it and a 4 s one (~700 kB) under it.
const MAX_UPLOAD_BYTES = 2_000_000;

describe('uploading a track (multipart)', () => {
  const media = useMediaWorkspace();
  let runtime: TestRuntime;
  let user: TestUser;

  beforeAll(async () => {
    runtime = await startTestRuntime({
      services: [authService, tracksService],
      env: { VEZA_MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES) },
    });
    user = await artist(runtime);
  });
  afterAll(() => runtime?.cleanup());

  async function expectNothingLeft() {
    expect(await audioObjects(runtime)).toEqual([]);
    expect(await trackRowCount(runtime)).toBe(0);
    expect(await pendingUploadFiles(runtime)).toEqual([]);
  }

  describe('refuses bad input with a problem and keeps nothing of it', () => {
    it('a text file named .mp3', async () => {
      const file = join(media.dir, 'notes.mp3');
      await writeFile(file, 'These are my lyrics, not audio.\n'.repeat(200));
      const answer = await uploadTrack(runtime, user, file, { title: 'Lyrics' }, { type: 'audio/mpeg' });
      expect(answer.status).toBe(415);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body).toMatchObject({ code: 'audio_unsupported', status: 415 });
      expect(JSON.stringify(answer.body)).not.toMatch(/at \w+ \(|node_modules/);
      await expectNothingLeft();
    });

    it('a truncated FLAC', async () => {
      const file = await synthAudio(media.tools, join(media.dir, 'cut.flac'), MUSIC_LIKE, 8);
      await truncate(file, 60_000);
      const answer = await uploadTrack(runtime, user, file);
      expect(answer.status).toBe(422);
      expect(answer.body).toMatchObject({ code: 'audio_corrupt' });
      await expectNothingLeft();
    });

    it('a zero-byte file', async () => {
      const file = join(media.dir, 'empty.wav');
      await writeFile(file, '');
      const answer = await uploadTrack(runtime, user, file);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ code: 'audio_empty' });
      await expectNothingLeft();
    });

    it('a file over the size limit', async () => {
      const file = await synthAudio(media.tools, join(media.dir, 'long.wav'), MUSIC_LIKE, 30);
      const answer = await uploadTrack(runtime, user, file);
      expect(answer.status).toBe(413);
      expect(answer.body).toMatchObject({ code: 'upload_too_large' });
      expect(answer.body.detail).toContain(String(MAX_UPLOAD_BYTES));
      await expectNothingLeft();
    });

    it('a form without a file, an invalid field, and no account', async () => {
      const noFile = await fetch(`${runtime.url}/api/v1/tracks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${user.accessToken}` },
        body: (() => {
          const form = new FormData();
          form.append('title', 'Nothing');
          return form;
        })(),
      });
      expect(noFile.status).toBe(400);
      expect(((await noFile.json()) as { code: string }).code).toBe('upload_missing_file');

      const file = await synthAudio(media.tools, join(media.dir, 'ok.wav'), MUSIC_LIKE, 4);
      const badField = await uploadTrack(runtime, user, file, { visibility: 'everyone' });
      expect(badField.status).toBe(400);
      expect(badField.body.code).toBe('validation_failed');

      const anonymous = await uploadTrack(runtime, null, file);
      expect(anonymous.status).toBe(401);
      await expectNothingLeft();
    });
  });

  it('accepts a WAV with form fields: the original is stored and the track waits for transcoding', async () => {
    const file = await synthAudio(media.tools, join(media.dir, 'my_first-song.wav'), MUSIC_LIKE, 4);
    const answer = await uploadTrack(runtime, user, file, {
      title: 'First light',
      genre: 'Ambient',
      tags: 'drone, field recording',
      visibility: 'private',
      license: 'cc-by-sa',
      downloadable: 'true',
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      title: 'First light',
      genre: 'Ambient',
      tags: ['drone', 'field recording'],
      visibility: 'private',
      license: 'cc-by-sa',
      downloadable: true,
      state: 'uploaded',
      version: 1,
      playback: null,
      owner: { id: user.id, username: user.username },
    });
    const objects = await audioObjects(runtime);
    expect(objects).toEqual([`tracks/${answer.body.id}/v1/original`]);
    const stored = await runtime.adapters.storage.stat(objects[0] as string);
    expect(stored?.size).toBeGreaterThan(600_000);
    expect(await pendingUploadFiles(runtime)).toEqual([]);
    const events = await runtime.hosted.get('tracks')!.store.readStream(`track-${answer.body.id}`);
    expect(events.map((event) => event.type)).toEqual([
      'TrackCreated',
      'TrackAccessChanged',
      'TrackUploaded',
    ]);
    expect(events[2]?.data).toMatchObject({ version: 1, sourceFileName: 'my_first-song.wav' });
  });

  it("prefills title, artist, album, year, genre and artwork from the file's tags", async () => {
    const audio = await synthAudio(media.tools, join(media.dir, 'plain.wav'), MUSIC_LIKE, 4);
    const cover = join(media.dir, 'cover.png');
    await sharp({ create: { width: 600, height: 600, channels: 3, background: '#d04020' } })
      .png()
      .toFile(cover);
    const tagged = join(media.dir, 'tagged.mp3');
    await runMediaTool(media.tools, 'ffmpeg', [
      ...QUIET_FFMPEG,
      '-y',
      '-i',
      audio,
      '-i',
      cover,
      '-map',
      '0:a',
      '-map',
      '1:v',
      '-c:a',
      'libmp3lame',
      '-b:a',
      '192k',
      '-c:v',
      'png',
      '-disposition:v',
      'attached_pic',
      '-id3v2_version',
      '3',
      '-metadata',
      'title=Night Drive',
      '-metadata',
      'artist=Neon Coast',
      '-metadata',
      'album=Roads',
      '-metadata',
      'date=2024',
      '-metadata',
      'genre=Synthwave',
      tagged,
    ]);
    const answer = await uploadTrack(runtime, user, tagged);
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      title: 'Night Drive',
      album: 'Roads',
      genre: 'Synthwave',
      releaseDate: '2024-01-01',
      credits: [{ role: 'Artist', name: 'Neon Coast' }],
    });
    const artwork = await fetch(`${runtime.url}${answer.body.artwork.large}`);
    expect(artwork.status).toBe(200);
    expect(artwork.headers.get('content-type')).toBe('image/webp');
    const image = await sharp(Buffer.from(await artwork.arrayBuffer())).metadata();
    expect([image.width, image.height]).toEqual([1000, 1000]);

    // What the form says wins over the tags.
    const named = await uploadTrack(runtime, user, tagged, { title: 'My own title' });
    expect(named.body.title).toBe('My own title');
    expect(named.body.album).toBe('Roads');
  });

  it('a file without tags is titled after its name', async () => {
    const file = await synthAudio(media.tools, join(media.dir, 'late_night_jam.flac'), MUSIC_LIKE, 4);
    const answer = await uploadTrack(runtime, user, file);
    expect(answer.status).toBe(201);
    expect(answer.body.title).toBe('late night jam');
    expect(answer.body.artwork).toBeNull();
    const mine = await api(runtime, 'GET', '/tracks/mine', { token: user.accessToken });
    expect(mine.body.tracks[0].id).toBe(answer.body.id);
  });
});
