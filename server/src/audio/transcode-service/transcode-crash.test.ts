import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { deleteRabbitNamespace } from '../../../test/harness/rabbitmq-namespace.ts';
import { createTestEnvironment, type TestEnvironment } from '../../../test/harness/test-environment.ts';
import { spawnVeza, type VezaProcess } from '../../../test/harness/veza-process.ts';
import { MUSIC_LIKE, synthAudio, useMediaWorkspace } from '../transcode/synth-media.ts';
import { INTERRUPTED } from './job-leases.ts';
import { scratchFoldersOf, succeeded, trackFixtureClient } from './transcode-test-kit.ts';

const workspace = useMediaWorkspace();
let environment: TestEnvironment;
const running: VezaProcess[] = [];

beforeAll(async () => {
  environment = await createTestEnvironment();
});
// Embedded PostgreSQL admits one process per data directory: each test ends with none running.
afterEach(async () => {
  for (const process of running.splice(0)) await process.stop();
});
afterAll(async () => {
  const { AMQP_URL, VEZA_NAMESPACE } = environment.env;
  if (AMQP_URL)
    await deleteRabbitNamespace(AMQP_URL, VEZA_NAMESPACE!, ['transcode.uploads', 'tracks.transcode-fixture']);
  await environment.cleanup();
});

/** The transcode service beside the tracks stand-in, leases of 2 s so a dead worker's job is free soon. */
const startVeza = async () => {
  const veza = await spawnVeza(['start', '--services=tracks,transcode'], {
    env: { ...environment.env, VEZA_TRANSCODE_LEASE_SECONDS: '2' },
    entry: 'trackFixture',
  });
  running.push(veza);
  return veza;
};

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
  running.splice(running.indexOf(first), 1);

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
  running.splice(running.indexOf(first), 1);
  expect(await scratchFoldersOf(first.child.pid!)).toEqual([]);

  const second = await startVeza();
  const events = await trackFixtureClient(second.url).waitFor(trackId, succeeded(1), 120_000);
  expect(events.map((event) => [event.type, 'attempt' in event.data ? event.data.attempt : null])).toEqual([
    ['TranscodeStarted', 1],
    ['TranscodeStarted', 1],
    ['TranscodeSucceeded', null],
  ]);
});
