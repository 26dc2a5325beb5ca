import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { locateMediaTools, type MediaTools, QUIET_FFMPEG, runMediaTool } from './media-tools.ts';

/**
 * What every toolchain test file shares: the located tools and a temporary folder for generated media,
 * set up before the file's tests and removed after. Read `tools` and `dir` inside tests, not at load.
 */
export function useMediaWorkspace(): { tools: MediaTools; dir: string } {
  const workspace = { tools: undefined as unknown as MediaTools, dir: '' };
  beforeAll(async () => {
    workspace.tools = await locateMediaTools();
    workspace.dir = await mkdtemp(join(tmpdir(), 'veza-transcode-'));
  });
  afterAll(() => rm(workspace.dir, { recursive: true, force: true }));
  return workspace;
}

/** Runs a lavfi graph (`source`) for `seconds` into `output`; the extension picks the container. */
export async function synthAudio(
  tools: MediaTools,
  output: string,
  source: string,
  seconds: number,
  encode: string[] = [],
): Promise<string> {
  await runMediaTool(tools, 'ffmpeg', [
    ...QUIET_FFMPEG,
    '-y',
    '-f',
    'lavfi',
    '-i',
    source,
    '-t',
    String(seconds),
    ...encode,
    output,
  ]);
  return output;
}

/** Music-like content: pink noise under a tone, stereo, so AAC and MP3 encoders reach their target rates. */
export const MUSIC_LIKE =
  'anoisesrc=color=pink:amplitude=0.25:sample_rate=44100,aformat=channel_layouts=stereo[n];' +
  'sine=frequency=220:sample_rate=44100,aformat=channel_layouts=stereo[t];[n][t]amix=inputs=2';

// An A-minor triad (A3, C4, E4) under a decaying 60 Hz kick every 0.5 s: 120 beats per minute, A minor.
const TRIAD = '0.2*(sin(2*PI*220*t)+sin(2*PI*261.63*t)+sin(2*PI*329.63*t))';
// Commas escaped: unescaped, they would end the filter's argument.
const KICK = '0.8*sin(2*PI*60*mod(t\\,0.5))*exp(-150*mod(t\\,0.5))';
/** The analysis reference loop (lavfi source; pass the duration to synthAudio). */
export const A_MINOR_120_BPM = `aevalsrc=${TRIAD}+${KICK}:s=48000`;
