import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { useVezaProcesses } from '../../../test/harness/veza-processes.ts';
import { MUSIC_LIKE, synthAudio, useMediaWorkspace } from '../transcode/synth-media.ts';
import { INTERRUPTED } from './job-leases.ts';
import { scratchFoldersOf, succeeded, trackFixtureClient } from './transcode-test-kit.ts';

const workspace = useMediaWorkspace();
const processes = useVezaProcesses(['transcode.uploads', 'tracks.transcode-fixture']);

/** The transcode service beside the tracks stand-in, leases of 2 s so a dead worker's job is free soon. */
const startVeza = () =>
  processes.start(['start', '--services=tracks,transcode'], {
    env: { VEZA_TRANSCODE_LEASE_SECONDS: '2' },
    entry: 'trackFixture',
  });

// Long enough that a stop lands mid-transcode: the tempo analysis alone reads all 60 s of it.
const longSource = () =>
  synthAudio(workspace.tools, join(workspace.dir, `${randomUUID()}.wav`), MUSIC_LIKE, 60, [
    '-c:a',
    'pcm_s16le',
  ]);

it('finishes a transcode whose process was killed in the middle of it, after a restart', async () => {
  const source = await longSource();
  const trackId = randomUUID();
  const first = await startVeza();
  await trackFixtureClient(first.url).upload(trackId, 1, source);
  await trackFixtureClient(first.url).waitFor(trackId, (event) => event.type === 'TranscodeStarted');
  expect(await scratchFoldersOf(first.child.pid!)).toHaveLength(1);
  await first.kill();

  const second = await startVeza();
  const events = await trackFixtureClient(second.url).waitFor(trackId, succeeded(1), 120_000);
  expect(events.map((event) => event.type)).toEqual([
    'TranscodeStarted',
    'TranscodeFailed',
    'TranscodeStarted',
    'TranscodeSucceeded',
  ]);
  expect(events[1]!.data).toEqual({ trackId, version: 1, attempt: 1, reason: INTERRUPTED, final: false });
  expect(events[2]!.data).toEqual({ trackId, version: 1, attempt: 2 });
  // The dead process's scratch folder was cleared by its successor.
  expect(await scratchFoldersOf(first.child.pid!)).toEqual([]);
});

it('hands a transcode in progress back to the queue on a graceful stop, without counting the attempt', async () => {
  const source = await longSource();
  const trackId = randomUUID();
  const first = await startVeza();
  await trackFixtureClient(first.url).upload(trackId, 1, source);
  await trackFixtureClient(first.url).waitFor(trackId, (event) => event.type === 'TranscodeStarted');
  expect(await first.stop()).toBe(0);
  expect(await scratchFoldersOf(first.child.pid!)).toEqual([]);

  const second = await startVeza();
  const events = await trackFixtureClient(second.url).waitFor(trackId, succeeded(1), 120_000);
  expect(events.map((event) => [event.type, 'attempt' in event.data ? event.data.attempt : null])).toEqual([
    ['TranscodeStarted', 1],
    ['TranscodeStarted', 1],
    ['TranscodeSucceeded', null],
  ]);
});
