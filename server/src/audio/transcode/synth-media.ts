import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MediaTools, QUIET_FFMPEG, runMediaTool } from './media-tools.ts';

/**
 * Test media made on the spot with ffmpeg's lavfi sources, so the tests carry no binary fixtures and
 * every expectation is derived from a signal whose level is known.
 */
export async function synthTempDir(): Promise<{ dir: string; dispose: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'veza-transcode-'));
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
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
