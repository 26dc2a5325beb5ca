import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type TestUser } from '../../../test/harness/identity.ts';
import { startTestRuntime, type TestRuntime } from '../../../test/harness/test-runtime.ts';
import { loadMasterKey } from '../../kernel/crypto/master-key.ts';
import { authService } from '../../user/auth/auth-service.ts';
import { MediaUrlSigner } from '../shared/media-url-signature.ts';
import { streamService } from '../stream/stream-service.ts';
import { artist, trackWhen, uploadTrack, whenPlayable } from '../tracks/track-test-kit.ts';
import { tracksService } from '../tracks/tracks-service.ts';
import { MUSIC_LIKE, synthAudio, useMediaWorkspace } from '../transcode/synth-media.ts';
import { transcodeService } from '../transcode-service/transcode-service.ts';

/** Acceptance 4 of issue 4: private and unlisted tracks, end to end through the real pipeline. */
describe('private and unlisted tracks are served only through signed URLs', () => {
  const media = useMediaWorkspace();
  let runtime: TestRuntime;
  let owner: TestUser;
  let listener: TestUser;
  let signer: MediaUrlSigner;
  // biome-ignore lint/suspicious/noExplicitAny: Track JSON
  let privateTrack: any;
  // biome-ignore lint/suspicious/noExplicitAny: Track JSON
  let otherPrivate: any;
  // biome-ignore lint/suspicious/noExplicitAny: Track JSON
  let unlisted: any;

  beforeAll(async () => {
    runtime = await startTestRuntime({
      services: [authService, tracksService, transcodeService, streamService],
    });
    owner = await artist(runtime);
    listener = await artist(runtime);
    signer = new MediaUrlSigner(await loadMasterKey(runtime.config));
    const file = await synthAudio(media.tools, join(media.dir, 'secret.wav'), MUSIC_LIKE, 8);
    const readyTrack = async (visibility: string) => {
      const { body } = await uploadTrack(runtime, owner, file, { visibility });
      const track = await trackWhen(runtime, owner, body.id, (candidate) => candidate.state === 'ready');
      await whenPlayable(runtime, (track.playback as { hls: string }).hls);
      return track;
    };
    privateTrack = await readyTrack('private');
    otherPrivate = await readyTrack('private');
    unlisted = await readyTrack('unlisted');
  });
  afterAll(() => runtime?.cleanup());

  const withToken = (url: string, token: string | null) => {
    const parsed = new URL(url, runtime.url);
    if (token === null) parsed.searchParams.delete('t');
    else parsed.searchParams.set('t', token);
    return parsed.toString();
  };
  const firstSegment = async (masterUrl: string) => {
    const master = await (await fetch(new URL(masterUrl, runtime.url))).text();
    const variant = new URL(
      master.split('\n').find((line) => line && !line.startsWith('#')) as string,
      new URL(masterUrl, runtime.url),
    );
    const playlist = await (await fetch(variant)).text();
    return new URL(
      playlist.split('\n').find((line) => line && !line.startsWith('#')) as string,
      variant,
    ).toString();
  };

  it('the owner’s signed URLs play: the playlists carry the token down to every segment', async () => {
    expect(privateTrack.playback.expiresAt).not.toBeNull();
    const segment = await firstSegment(privateTrack.playback.hls);
    expect(new URL(segment).searchParams.get('t')).toBe(
      new URL(privateTrack.playback.hls, runtime.url).searchParams.get('t'),
    );
    const response = await fetch(segment);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('private');
  });

  it('refuses the playlist and the segments without a token, with an expired one and with another track’s', async () => {
    const segment = await firstSegment(privateTrack.playback.hls);
    const expired = signer.sign(privateTrack.id, new Date(Date.now() - 1000));
    const foreign = new URL(otherPrivate.playback.hls, runtime.url).searchParams.get('t') as string;
    for (const url of [
      privateTrack.playback.hls,
      segment,
      privateTrack.playback.dash,
      privateTrack.playback.waveform,
    ]) {
      const answers = await Promise.all(
        [null, expired, foreign].map(async (token) => {
          const response = await fetch(withToken(url, token));
          return [response.status, ((await response.json()) as { code: string }).code];
        }),
      );
      expect(answers).toEqual([
        [403, 'media_token_missing'],
        [403, 'media_token_expired'],
        [403, 'media_token_invalid'],
      ]);
    }
  });

  it('another listener cannot get the track or its URLs, and lists never show it', async () => {
    expect(
      (await api(runtime, 'GET', `/tracks/${privateTrack.id}`, { token: listener.accessToken })).status,
    ).toBe(404);
    expect(
      (await api(runtime, 'GET', `/tracks/${unlisted.id}`, { token: listener.accessToken })).status,
    ).toBe(404);
    const listed = await api(runtime, 'GET', `/tracks?artist=${owner.username}`, {
      token: listener.accessToken,
    });
    expect(listed.body.tracks).toEqual([]);
    const anonymous = await api(runtime, 'GET', `/tracks?artist=${owner.username}`);
    expect(anonymous.body.tracks).toEqual([]);
  });

  it('an unlisted track plays through its secret link only', async () => {
    const secret = (unlisted.sharePath as string).split('/').at(-1);
    const shared = await api(runtime, 'GET', `/tracks/shared/${secret}`, { token: listener.accessToken });
    expect(shared.status).toBe(200);
    const segment = await firstSegment(shared.body.playback.hls);
    expect((await fetch(segment)).status).toBe(200);
    expect((await fetch(withToken(segment, null))).status).toBe(403);
  });

  it('a public track plays without a token, cacheable by anyone', async () => {
    const changed = await api(runtime, 'PATCH', `/tracks/${unlisted.id}`, {
      token: owner.accessToken,
      body: { visibility: 'public' },
    });
    expect(changed.body.playback.expiresAt).toBeNull();
    // The stream service hears of the change through the bus: wait until the unsigned playlist is served.
    await whenPlayable(runtime, changed.body.playback.hls);
    const segment = await firstSegment(changed.body.playback.hls);
    expect(new URL(segment).searchParams.has('t')).toBe(false);
    const response = await fetch(segment);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('public');
    expect(response.headers.get('cache-control')).toContain('immutable');
  });
});
