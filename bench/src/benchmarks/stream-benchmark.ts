import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBaseline } from '../harness/baseline-server.ts';
import { reportHeader, runBenchSession } from '../harness/bench-session.ts';
import type { Benchmark } from '../harness/benchmark.ts';
import { measureTarget } from '../harness/measure-target.ts';
import { vezaWithAudioFixture } from '../harness/paths.ts';
import { progress } from '../harness/progress.ts';
import {
  formatInteger,
  formatTable,
  type Measurement,
  mark,
  measurementTable,
  type Pair,
  verdictLines,
} from '../harness/report.ts';
import { startVezaServer } from '../harness/veza-server.ts';
import { type LadderSpeed, measureLadderSpeed, type TimedStep } from './ladder-speed.ts';
import { seedStreamTrack } from './seed-stream-track.ts';

const LOG_LEVEL = 'warn';
/** Both servers get the same load: enough connections for the bare one to saturate. */
const LOAD = { connections: 100, pipelining: 1 };
const LISTENER_BITS_PER_SECOND = 128_000;
const TRANSCODE_AUDIO_SECONDS = 300;
const TRANSCODE_TARGET_PER_CORE = 20;

const autocannonVersion = (createRequire(import.meta.url)('autocannon/package.json') as { version: string })
  .version;

const megabytes = (bytesPerSecond: number) => (bytesPerSecond / 1e6).toFixed(1);

/** Segment bytes delivered per second: what listeners receive (autocannon's figure adds the headers). */
const payloadBytesPerSecond = (measurement: Measurement, segmentBytes: number) =>
  measurement.result.requestsPerSecond * segmentBytes;

function throughputLines(ours: Measurement, bare: Measurement, segmentBytes: number): string[] {
  return [ours, bare].map((m) => {
    const payload = payloadBytesPerSecond(m, segmentBytes);
    const listeners = (payload * 8) / LISTENER_BITS_PER_SECOND;
    return (
      `${m.label}: ${megabytes(payload)} MB/s of segments (${formatInteger((payload * 8) / 1e6)} Mbit/s; ` +
      `${megabytes(m.result.bytesPerSecond)} MB/s on the wire with headers) ≈ ${formatInteger(listeners)} ` +
      'concurrent 128 kbit/s listeners'
    );
  });
}

const fixed = (value: number | undefined, digits: number) =>
  value === undefined ? 'n/a' : value.toFixed(digits);

function transcodeLines(speed: LadderSpeed): string[] {
  const row = (step: TimedStep) => {
    const cores = step.cpuSeconds === undefined ? undefined : step.cpuSeconds / step.wallSeconds;
    const perCore = step.cpuSeconds ? speed.audioSeconds / step.cpuSeconds : undefined;
    return [
      step.label,
      step.wallSeconds.toFixed(2),
      fixed(step.cpuSeconds, 2),
      fixed(cores, 2),
      `${(speed.audioSeconds / step.wallSeconds).toFixed(1)} ×`,
      perCore === undefined ? 'n/a' : `${perCore.toFixed(1)} ×`,
    ];
  };
  const { ladder, decode, mp3 } = speed;
  // Per core: audio seconds per CPU second, so a run that got less than a whole core (nice 10 on a busy
  // machine) is not counted slower than it is. Without /proc, wall time stands in for CPU time.
  const ladderPerCore = speed.audioSeconds / (ladder.cpuSeconds ?? ladder.wallSeconds);
  const met = ladderPerCore >= TRANSCODE_TARGET_PER_CORE;
  const decodeCost = decode.cpuSeconds ?? decode.wallSeconds;
  return [
    formatTable(
      ['step', 'wall s', 'CPU s', 'cores', '× real time', '× real time per core'],
      [decode, ladder, mp3].map(row),
    ),
    'CPU s: the ffmpeg processes’ CPU time; cores = CPU s ÷ wall s; per core = audio seconds ÷ CPU seconds. ' +
      `ffmpeg ${speed.tools.source.ffmpeg === 'system' ? 'from PATH' : '(npm-shipped fallback)'}, run at nice 10 as the service runs it.`,
    '',
    formatTable(
      ['comparison', 'target', 'measured', 'met'],
      [
        [
          'full ladder (3 renditions + DASH), per core',
          `≥ ${TRANSCODE_TARGET_PER_CORE} × real time`,
          `${ladderPerCore.toFixed(1)} ×`,
          mark(met),
        ],
      ],
    ),
    `the ladder costs ${((ladder.cpuSeconds ?? ladder.wallSeconds) / decodeCost).toFixed(1)} × the CPU of a bare ` +
      `decode of the same file; the MP3 download (not in the ladder figure) adds ` +
      `${((mp3.cpuSeconds ?? mp3.wallSeconds) / (ladder.cpuSeconds ?? ladder.wallSeconds)).toFixed(2)} × the ladder's CPU`,
  ];
}

/**
 * (a) A media segment of a PRIVATE track through the full runtime (signed-URL check, read model, local
 * storage) against bare `node:http` + `fs.createReadStream` serving the same bytes, same load.
 * (b) The transcode: the full AAC ladder of a 5-minute track, against a bare decode of it.
 */
async function run(): Promise<void> {
  await runBenchSession('stream', async ({ durations, machine, database, cleanup }) => {
    const veza = await startVezaServer({
      name: 'Veza (veza start --services=tracks,stream, audio fixture as tracks)',
      script: vezaWithAudioFixture,
      services: ['tracks', 'stream'],
      databaseUrl: database.url,
      logLevel: LOG_LEVEL,
      cleanup,
    });
    progress('seeding a private track (rendering its ladder)...');
    const segment = await seedStreamTrack(veza.baseUrl);
    const dir = await mkdtemp(path.join(tmpdir(), 'veza-bench-segment-'));
    cleanup.add(`remove ${dir}`, () => rm(dir, { recursive: true, force: true }));
    const segmentFile = path.join(dir, 'seg-00000.m4s');
    await writeFile(segmentFile, segment.bytes);
    const bare = await startBaseline({
      name: 'bare node:http + fs.createReadStream',
      file: 'bare-segment.ts',
      readyPath: '/segment.m4s',
      env: { SEGMENT_FILE: segmentFile },
      cleanup,
    });
    const bareBytes = Buffer.from(await (await fetch(`${bare.baseUrl}/segment.m4s`)).arrayBuffer());
    if (!bareBytes.equals(segment.bytes))
      throw new Error('the baseline does not serve the segment Veza serves');

    progress('measuring (each server in its own process, autocannon in another):');
    const measure = (label: string, server: typeof veza, target: string) =>
      measureTarget({ label, server, path: target, ...LOAD, ...durations }, cleanup);
    // Ours first: whatever the machine still warms up (JIT, page cache) then favours the baseline.
    const ours = await measure('Veza  GET …/128/seg-00000.m4s?t=…', veza, segment.path);
    const baseline = await measure('bare  GET /segment.m4s', bare, '/segment.m4s');
    const measurements = [ours, baseline];
    const pairs: Pair[] = [
      { title: '(a) private segment, signed URL', ours, bare: baseline, target: { minRatio: 0.8 } },
    ];

    const speed = await measureLadderSpeed(TRANSCODE_AUDIO_SECONDS, cleanup);
    const kbps = (segment.bytes.length * 8) / segment.durationSeconds / 1000;
    return [
      ...reportHeader('Veza stream benchmark', machine),
      '',
      '(a) segment serving',
      `load: autocannon ${autocannonVersion} in its own process, ${LOAD.connections} connections, ` +
        `${durations.warmupSeconds} s warm-up then ${durations.durationSeconds} s measured per target ` +
        '(BENCH_WARMUP, BENCH_DURATION); every server in its own process',
      `Veza: veza start --services=tracks,stream (the audio fixture stands in for tracks), local-disk storage, ` +
        `LOG_LEVEL=${LOG_LEVEL}; database: ${database.version} at ${database.host} (not on the segment path)`,
      `segment: 128/seg-00000.m4s of a PRIVATE track, ${formatInteger(segment.bytes.length)} bytes, ` +
        `${segment.durationSeconds.toFixed(2)} s of audio (${kbps.toFixed(0)} kbit/s with the fMP4 framing), ` +
        'fetched with its signed URL; without the token it answers 403',
      '',
      measurementTable(measurements),
      'CPU columns: % of one core during the measured run. CPU µs/req: server CPU time per request.',
      '',
      ...throughputLines(ours, baseline, segment.bytes.length),
      '',
      ...verdictLines(measurements, pairs),
      '',
      `(b) transcoding a ${TRANSCODE_AUDIO_SECONDS} s synthesized track (WAV, 44.1 kHz stereo)`,
      ...transcodeLines(speed),
    ];
  });
}

export const streamBenchmark: Benchmark = {
  name: 'stream',
  summary:
    'a private track’s segment through the stream service vs bare node:http + fs.createReadStream; AAC ladder speed',
  run,
};
