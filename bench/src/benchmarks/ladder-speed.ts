import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDashManifest } from '../../../server/src/audio/transcode/dash-manifest.ts';
import { renderHlsLadder } from '../../../server/src/audio/transcode/hls-ladder.ts';
import {
  locateMediaTools,
  type MediaTools,
  QUIET_FFMPEG,
  runMediaTool,
} from '../../../server/src/audio/transcode/media-tools.ts';
import { renderMp3Download } from '../../../server/src/audio/transcode/mp3-download.ts';
import { MUSIC_LIKE, synthAudio } from '../../../server/src/audio/transcode/synth-media.ts';
import type { Cleanup } from '../harness/cleanup.ts';
import { cpuTimes } from '../harness/process-cpu.ts';
import { progress } from '../harness/progress.ts';

/** What one step of the transcode measurement took. */
export interface TimedStep {
  label: string;
  wallSeconds: number;
  /** CPU seconds of the ffmpeg runs (reaped children of this process); undefined off Linux. */
  cpuSeconds: number | undefined;
}

export interface LadderSpeed {
  tools: MediaTools;
  audioSeconds: number;
  decode: TimedStep;
  ladder: TimedStep;
  mp3: TimedStep;
}

async function timed(label: string, work: () => Promise<unknown>): Promise<TimedStep> {
  const before = cpuTimes('self');
  const started = process.hrtime.bigint();
  await work();
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const after = cpuTimes('self');
  return { label, wallSeconds, cpuSeconds: before && after ? after.children - before.children : undefined };
}

/**
 * Transcodes a synthesized track of `audioSeconds` (WAV, 44.1 kHz stereo, music-like noise and tone) the
 * way the transcode service does, one step after the other so each uses one core: a bare decode first
 * (`ffmpeg -i … -f null -`, the floor), then the HLS ladder (64/128/256 kbit/s AAC, one ffmpeg run per
 * rendition) plus the DASH manifest (written by code over the same segments), then the MP3 download.
 * Nothing else runs meanwhile; the synthesis is not timed.
 */
export async function measureLadderSpeed(audioSeconds: number, cleanup: Cleanup): Promise<LadderSpeed> {
  const tools = await locateMediaTools();
  const dir = await mkdtemp(join(tmpdir(), 'veza-bench-ladder-'));
  cleanup.add(`remove ${dir}`, () => rm(dir, { recursive: true, force: true }));
  progress(`transcode: synthesizing a ${audioSeconds} s track...`);
  const source = await synthAudio(tools, join(dir, 'track.wav'), MUSIC_LIKE, audioSeconds);
  progress('transcode: bare decode, then the HLS ladder + DASH manifest, then the MP3 download...');
  const decode = await timed('bare decode (ffmpeg -f null)', () =>
    runMediaTool(tools, 'ffmpeg', [...QUIET_FFMPEG, '-i', source, '-f', 'null', '-']),
  );
  const out = join(dir, 'out');
  const ladder = await timed('HLS ladder 64/128/256 + DASH MPD', async () =>
    writeDashManifest(out, await renderHlsLadder(tools, source, out)),
  );
  const mp3 = await timed('MP3 download 320 kbit/s', () =>
    renderMp3Download(tools, source, join(out, 'download.mp3')),
  );
  return { tools, audioSeconds, decode, ladder, mp3 };
}
