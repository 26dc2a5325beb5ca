import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitTranscodeEvents, transcodeStandIn } from '../../../test/fixtures/transcode-stand-in.ts';
import { api, type TestUser } from '../../../test/harness/identity.ts';
import { startTestRuntime, type TestRuntime } from '../../../test/harness/test-runtime.ts';
import { authService } from '../../user/auth/auth-service.ts';
import type { TranscodeEventData } from '../shared/audio-events.ts';
import { MUSIC_LIKE, synthAudio, useMediaWorkspace } from '../transcode/synth-media.ts';
import { artist, uploadTrack } from './track-test-kit.ts';
import { tracksService } from './tracks-service.ts';

const succeeded = (trackId: string, version: number): TranscodeEventData['TranscodeSucceeded'] => ({
  trackId,
  version,
  durationSeconds: 3.02,
  renditions: [64, 128, 256].map((kbps) => ({
    kbps,
    codecs: 'mp4a.40.2',
    peakBitRate: kbps * 1100,
    averageBitRate: kbps * 1000,
    segments: 1,
  })),
  loudness: { integratedLufs: -9.5, truePeakDbtp: -0.3, gainDb: -4.5 },
  tempo: { bpm: 128, key: 'F minor', keyStrength: 0.8 },
  analysisNote: null,
});

describe('a track’s state follows the transcode service', () => {
  const media = useMediaWorkspace();
  let runtime: TestRuntime;
  let owner: TestUser;
  let stranger: TestUser;
  let wav: string;

  beforeAll(async () => {
    runtime = await startTestRuntime({ services: [authService, tracksService, transcodeStandIn] });
    owner = await artist(runtime);
    stranger = await artist(runtime);
    wav = await synthAudio(media.tools, join(media.dir, 'state.wav'), MUSIC_LIKE, 3);
  });
  afterAll(() => runtime?.cleanup());

  const track = async (id: string) =>
    (await api(runtime, 'GET', `/tracks/${id}`, { token: owner.accessToken })).body;
  const newTrack = async () => (await uploadTrack(runtime, owner, wav)).body.id as string;

  it('uploaded → processing → ready, with the figures the transcode measured', async () => {
    const id = await newTrack();
    expect((await track(id)).state).toBe('uploaded');
    await emitTranscodeEvents(runtime, id, {
      type: 'TranscodeStarted',
      data: { trackId: id, version: 1, attempt: 1 },
    });
    expect((await track(id)).state).toBe('processing');
    await emitTranscodeEvents(runtime, id, { type: 'TranscodeSucceeded', data: succeeded(id, 1) });
    expect(await track(id)).toMatchObject({
      state: 'ready',
      durationSeconds: 3.02,
      bpm: 128,
      key: 'F minor',
      loudness: { integratedLufs: -9.5, truePeakDbtp: -0.3, gainDb: -4.5 },
      playback: { version: 1 },
    });
    const events = await runtime.hosted.get('tracks')!.store.readStream(`track-${id}`);
    expect(events.at(-1)).toMatchObject({
      type: 'TrackReady',
      data: { trackId: id, version: 1, durationSeconds: 3.02 },
    });
  });

  it('stays processing through an automatic retry, fails on the final failure, and the owner retries', async () => {
    const id = await newTrack();
    await emitTranscodeEvents(
      runtime,
      id,
      { type: 'TranscodeStarted', data: { trackId: id, version: 1, attempt: 1 } },
      {
        type: 'TranscodeFailed',
        data: { trackId: id, version: 1, attempt: 1, reason: 'ffmpeg died', final: false },
      },
    );
    expect((await track(id)).state).toBe('processing');
    await emitTranscodeEvents(runtime, id, {
      type: 'TranscodeFailed',
      data: { trackId: id, version: 1, attempt: 3, reason: 'the source could not be decoded', final: true },
    });
    expect(await track(id)).toMatchObject({
      state: 'failed',
      failureReason: 'the source could not be decoded',
    });

    expect((await api(runtime, 'POST', `/tracks/${id}/retry`, { token: stranger.accessToken })).status).toBe(
      403,
    );
    const retried = await api(runtime, 'POST', `/tracks/${id}/retry`, { token: owner.accessToken });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ state: 'uploaded', failureReason: null });
    const events = await runtime.hosted.get('tracks')!.store.readStream(`track-${id}`);
    expect(events.at(-1)).toMatchObject({
      type: 'TrackRetryRequested',
      data: { trackId: id, version: 1, sourceKey: `tracks/${id}/v1/original` },
    });
    await emitTranscodeEvents(runtime, id, { type: 'TranscodeSucceeded', data: succeeded(id, 1) });
    expect((await track(id)).state).toBe('ready');
  });

  it('ignores results about a version that was replaced meanwhile', async () => {
    const id = await newTrack();
    await emitTranscodeEvents(runtime, id, { type: 'TranscodeSucceeded', data: succeeded(id, 1) });
    const replaced = await uploadTrack(
      runtime,
      owner,
      wav,
      {},
      { method: 'PUT', path: `/tracks/${id}/audio` },
    );
    expect(replaced.body).toMatchObject({ version: 2, state: 'uploaded', playback: { version: 1 } });
    // A late failure of version 1 (say, a retry that raced the replacement) changes nothing.
    await emitTranscodeEvents(runtime, id, {
      type: 'TranscodeFailed',
      data: { trackId: id, version: 1, attempt: 1, reason: 'late', final: true },
    });
    expect(await track(id)).toMatchObject({
      state: 'uploaded',
      failureReason: null,
      playback: { version: 1 },
    });
    await emitTranscodeEvents(runtime, id, { type: 'TranscodeSucceeded', data: succeeded(id, 2) });
    expect(await track(id)).toMatchObject({ state: 'ready', version: 2, playback: { version: 2 } });
    expect(await runtime.adapters.storage.list(`tracks/${id}/`)).toEqual([`tracks/${id}/v2/original`]);
  });
});
