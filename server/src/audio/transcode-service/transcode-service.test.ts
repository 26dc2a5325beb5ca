import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackUploadFixture } from '../../../test/fixtures/track-upload-fixture.ts';
import { startTestRuntime, type TestRuntime } from '../../../test/harness/test-runtime.ts';
import { eventually } from '../../../test/harness/veza-process.ts';
import type { ServiceContext } from '../../kernel/service-module.ts';
import { audioPrefix, originalKey, renditionPrefix } from '../shared/media-keys.ts';
import { runMediaTool } from '../transcode/media-tools.ts';
import { MUSIC_LIKE, synthAudio, useMediaWorkspace } from '../transcode/synth-media.ts';
import { WAVEFORM_POINTS } from '../transcode/waveform-peaks.ts';
import { INTERRUPTED } from './job-leases.ts';
import { RENDITION_CONTENT_TYPES } from './rendition-upload.ts';
import { transcodeService } from './transcode-service.ts';
import type { TranscodeDb } from './transcode-tables.ts';
import { failedFinally, scratchFoldersOf, succeeded, trackFixtureClient } from './transcode-test-kit.ts';

const SECONDS = 7;
const workspace = useMediaWorkspace();
let runtime: TestRuntime;
let tracks: ReturnType<typeof trackFixtureClient>;

beforeAll(async () => {
  runtime = await startTestRuntime({
    services: [trackUploadFixture, transcodeService],
    env: { VEZA_TRANSCODE_MAX_ATTEMPTS: '2', VEZA_TRANSCODE_CONCURRENCY: '1' },
  });
  tracks = trackFixtureClient(runtime.url);
});
afterAll(() => runtime?.cleanup());

const storage = () => runtime.adapters.storage;
const transcodeDb = () => (runtime.hosted.get('transcode')!.context as ServiceContext<TranscodeDb>).db;

const synth = (name: string, seconds: number, encode: string[]) =>
  synthAudio(workspace.tools, join(workspace.dir, name), MUSIC_LIKE, seconds, encode);
const wavSource = (seconds = SECONDS) => synth(`${randomUUID()}.wav`, seconds, ['-c:a', 'pcm_s16le']);
const flacSource = () => synth(`${randomUUID()}.flac`, SECONDS, ['-c:a', 'flac']);

async function corruptSource(): Promise<string> {
  const file = join(workspace.dir, `${randomUUID()}.wav`);
  await writeFile(file, 'RIFF, but nothing of a wave after it');
  return file;
}

/** What a player would need, in storage with its content type; one segment decodes as AAC. */
async function checkRenditions(trackId: string, version: number) {
  const prefix = renditionPrefix(trackId, version);
  const keys = await storage().list(prefix);
  const names = keys.map((key) => key.slice(prefix.length));
  for (const kbps of [64, 128, 256]) {
    expect(names).toContain(`${kbps}/index.m3u8`);
    expect(names).toContain(`${kbps}/init.mp4`);
    expect(names).toContain(`${kbps}/seg-00000.m4s`);
  }
  for (const name of ['master.m3u8', 'manifest.mpd', 'download.mp3', 'waveform.json'])
    expect(names).toContain(name);
  for (const key of keys) {
    const extension = key.slice(key.lastIndexOf('.'));
    expect((await storage().stat(key))?.contentType).toBe(RENDITION_CONTENT_TYPES[extension]);
  }
  expect((await storage().stat(`${prefix}master.m3u8`))?.contentType).toBe('application/vnd.apple.mpegurl');

  const read = async (name: string) => buffer((await storage().get(`${prefix}${name}`))!.body);
  const segment = join(workspace.dir, `${randomUUID()}.mp4`);
  await writeFile(segment, Buffer.concat([await read('128/init.mp4'), await read('128/seg-00000.m4s')]));
  const { stdout } = await runMediaTool(workspace.tools, 'ffprobe', [
    ...['-v', 'error', '-show_entries', 'stream=codec_name,sample_rate,channels', '-of', 'json', segment],
  ]);
  expect(JSON.parse(stdout).streams).toEqual([{ codec_name: 'aac', sample_rate: '44100', channels: 2 }]);

  const waveform = JSON.parse((await read('waveform.json')).toString('utf8'));
  expect(Object.keys(waveform).sort()).toEqual(['durationSeconds', 'peaks', 'version']);
  expect(waveform.version).toBe(1);
  expect(waveform.peaks).toHaveLength(WAVEFORM_POINTS);
  expect(waveform.peaks.every((peak: number) => peak >= 0 && peak <= 1)).toBe(true);
  expect(Math.max(...waveform.peaks)).toBeGreaterThan(0.1);
  expect(Math.abs(waveform.durationSeconds - SECONDS)).toBeLessThan(0.1);
}

describe('an uploaded version', () => {
  for (const [kind, source] of [
    ['WAV', wavSource],
    ['FLAC', flacSource],
  ] as const) {
    it(`becomes renditions in storage and TranscodeSucceeded (${kind})`, async () => {
      const trackId = randomUUID();
      await tracks.upload(trackId, 1, await source());
      const events = await tracks.waitFor(trackId, succeeded(1));

      expect(events.map((event) => event.type)).toEqual(['TranscodeStarted', 'TranscodeSucceeded']);
      expect(events[0]!.data).toEqual({ trackId, version: 1, attempt: 1 });
      const result = events[1]!.data as Extract<
        (typeof events)[number],
        { type: 'TranscodeSucceeded' }
      >['data'];
      expect(result.trackId).toBe(trackId);
      expect(result.version).toBe(1);
      expect(Math.abs(result.durationSeconds - SECONDS)).toBeLessThan(0.1);
      expect(result.renditions.map((r) => [r.kbps, r.codecs, r.segments])).toEqual([
        [64, 'mp4a.40.2', 2],
        [128, 'mp4a.40.2', 2],
        [256, 'mp4a.40.2', 2],
      ]);
      for (const rendition of result.renditions) {
        expect(rendition.peakBitRate).toBeGreaterThanOrEqual(rendition.averageBitRate);
        expect(rendition.averageBitRate / 1000).toBeGreaterThan(rendition.kbps * 0.8);
      }
      // MUSIC_LIKE is pink noise at 0.25 under a tone: loud enough to be measured, quieter than -14 LUFS.
      expect(result.loudness.integratedLufs).toBeGreaterThan(-40);
      expect(result.loudness.integratedLufs).toBeLessThan(-5);
      expect(typeof result.loudness.gainDb).toBe('number');
      // The analysis answers or says why not, never both.
      expect((result.tempo === null) !== (result.analysisNote === null)).toBe(true);
      await checkRenditions(trackId, 1);
      // The job's scratch folder went with it.
      expect(await scratchFoldersOf(process.pid)).toEqual([]);
    });
  }
});

describe('failures and retries', () => {
  it('fails a corrupt original for good after the last attempt, and a retry runs it again', async () => {
    const trackId = randomUUID();
    await tracks.upload(trackId, 1, await corruptSource());
    const events = await tracks.waitFor(trackId, failedFinally(1));

    expect(events.map((event) => [event.type, 'attempt' in event.data ? event.data.attempt : null])).toEqual([
      ['TranscodeStarted', 1],
      ['TranscodeFailed', 1],
      ['TranscodeStarted', 2],
      ['TranscodeFailed', 2],
    ]);
    const failures = events.filter((event) => event.type === 'TranscodeFailed').map((event) => event.data);
    expect(failures.map((failure) => 'final' in failure && failure.final)).toEqual([false, true]);
    for (const failure of failures) expect((failure as { reason: string }).reason).toMatch(/^probing: /);
    expect(await storage().list(renditionPrefix(trackId, 1))).toEqual([]);
    const job = await transcodeDb()
      .selectFrom('jobs')
      .select(['state', 'attempts', 'last_error'])
      .where('track_id', '=', trackId)
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({
      state: 'failed',
      attempts: 2,
      last_error: expect.stringMatching(/^probing: /),
    });

    // The owner fixes nothing but asks again; here the original was repaired in the meantime.
    await storage().put(originalKey(trackId, 1), await readFile(await wavSource()));
    await tracks.retry(trackId, 1);
    const after = await tracks.waitFor(trackId, succeeded(1));
    expect(
      after.slice(4).map((event) => [event.type, 'attempt' in event.data ? event.data.attempt : null]),
    ).toEqual([
      ['TranscodeStarted', 1],
      ['TranscodeSucceeded', null],
    ]);
    await checkRenditions(trackId, 1);
  });

  it('claims again a job whose worker died holding it, and fails it once its attempts are used up', async () => {
    const [resumed, exhausted] = [randomUUID(), randomUUID()];
    for (const [trackId, attempts] of [
      [resumed, 1],
      [exhausted, 2],
    ] as const) {
      await storage().put(originalKey(trackId, 1), await readFile(await wavSource()));
      // What a process killed mid-transcode leaves: a running job under a lease nobody renews.
      await transcodeDb()
        .insertInto('jobs')
        .values({
          id: randomUUID(),
          track_id: trackId,
          version: 1,
          source_key: originalKey(trackId, 1),
          state: 'running',
          attempts,
          origin: '{}',
          lease_owner: 'a-worker-that-died',
          lease_until: sql<Date>`now() - interval '1 second'`,
          last_error: null,
          renditions_removed_at: null,
          finished_at: null,
        })
        .execute();
    }
    const events = await tracks.waitFor(resumed, succeeded(1));
    expect(events.map((event) => event.type)).toEqual([
      'TranscodeFailed',
      'TranscodeStarted',
      'TranscodeSucceeded',
    ]);
    expect(events[0]!.data).toEqual({
      trackId: resumed,
      version: 1,
      attempt: 1,
      reason: INTERRUPTED,
      final: false,
    });
    expect(events[1]!.data).toEqual({ trackId: resumed, version: 1, attempt: 2 });
    await checkRenditions(resumed, 1);

    const gaveUp = await tracks.waitFor(exhausted, failedFinally(1));
    expect(gaveUp).toEqual([
      {
        type: 'TranscodeFailed',
        data: { trackId: exhausted, version: 1, attempt: 2, reason: INTERRUPTED, final: true },
      },
    ]);
  });
});

describe('replacing and deleting', () => {
  it("removes the old version's renditions once the new version succeeds, and everything on deletion", async () => {
    const trackId = randomUUID();
    await tracks.upload(trackId, 1, await wavSource());
    await tracks.waitFor(trackId, succeeded(1));
    await tracks.upload(trackId, 2, await flacSource());
    await tracks.waitFor(trackId, succeeded(2));

    await eventually(
      () => storage().list(renditionPrefix(trackId, 1)),
      (keys) => keys.length === 0,
    );
    await checkRenditions(trackId, 2);

    await tracks.delete(trackId, [1, 2]);
    await eventually(
      () => storage().list(audioPrefix(trackId)),
      (keys) => keys.length === 0,
    );
  });

  it('stops a transcode in progress when its track is deleted, and keeps none of its files', async () => {
    const trackId = randomUUID();
    await tracks.upload(trackId, 1, await wavSource(120));
    await tracks.waitFor(trackId, (event) => event.type === 'TranscodeStarted');
    await tracks.delete(trackId, [1]);

    await eventually(
      () =>
        transcodeDb()
          .selectFrom('jobs')
          .select('state')
          .where('track_id', '=', trackId)
          .executeTakeFirstOrThrow(),
      (job) => job.state === 'cancelled',
    );
    // One job at a time here: the next track is transcoded only once the deleted one let go of its slot.
    const next = randomUUID();
    await tracks.upload(next, 1, await wavSource());
    await tracks.waitFor(next, succeeded(1));

    expect((await tracks.heard(trackId)).map((event) => event.type)).toEqual(['TranscodeStarted']);
    expect(await storage().list(audioPrefix(trackId))).toEqual([]);
    expect(await scratchFoldersOf(process.pid)).toEqual([]);
  });
});
