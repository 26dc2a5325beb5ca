import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureLoudness, parseEbur128Summary, playbackGainDb } from './loudness.ts';
import { locateMediaTools } from './media-tools.ts';
import { synthAudio, useMediaWorkspace } from './synth-media.ts';

const workspace = useMediaWorkspace();

/** A stereo 1 kHz sine whose peak is `dbfs`: EBU Tech 3341 defines its loudness as `dbfs` LUFS. */
function sine1k(dbfs: number): string {
  const amplitude = 10 ** (dbfs / 20);
  return `aevalsrc=${amplitude}*sin(2*PI*1000*t)|${amplitude}*sin(2*PI*1000*t):s=48000`;
}

describe('measureLoudness', () => {
  it('reads the EBU Tech 3341 reference tone (-23 dBFS stereo 1 kHz) as -23 LUFS, true peak -23 dBTP', async () => {
    const file = await synthAudio(workspace.tools, join(workspace.dir, 'ref.wav'), sine1k(-23), 20, [
      '-c:a',
      'pcm_s24le',
    ]);
    const loudness = await measureLoudness(workspace.tools, file);
    expect(Math.abs(loudness.integratedLufs - -23)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(loudness.truePeakDbtp! - -23)).toBeLessThanOrEqual(0.5);
    expect(playbackGainDb(loudness)).toBe(9);
  });

  it('agrees within 0.5 LU with the npm-shipped ffmpeg on an encoded file', async () => {
    const file = await synthAudio(workspace.tools, join(workspace.dir, 'ref.flac'), sine1k(-10), 10, [
      '-c:a',
      'flac',
    ]);
    const reference = await measureLoudness(workspace.tools, file);
    const fallback = await measureLoudness(await locateMediaTools({ prefer: 'bundled' }), file);
    expect(Math.abs(reference.integratedLufs - -10)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(fallback.integratedLufs - reference.integratedLufs)).toBeLessThanOrEqual(0.5);
  });

  it('calls digital silence -70 LUFS with no peak, and leaves its gain at 0', async () => {
    const file = await synthAudio(
      workspace.tools,
      join(workspace.dir, 'silence.wav'),
      'anullsrc=r=48000:cl=stereo',
      5,
    );
    const loudness = await measureLoudness(workspace.tools, file);
    expect(loudness).toEqual({ integratedLufs: -70, truePeakDbtp: null });
    expect(playbackGainDb(loudness)).toBe(0);
  });
});

describe('playbackGainDb', () => {
  it('lowers a loud master to -14 LUFS whatever its peak', () => {
    expect(playbackGainDb({ integratedLufs: -8, truePeakDbtp: 0.5 })).toBe(-6);
  });
  it('raises a quiet one only as far as the true-peak ceiling allows', () => {
    expect(playbackGainDb({ integratedLufs: -20, truePeakDbtp: -4 })).toBe(3);
    expect(playbackGainDb({ integratedLufs: -20, truePeakDbtp: -0.2 })).toBe(0);
  });
});

describe('parseEbur128Summary', () => {
  it('refuses a log without a summary rather than inventing a figure', () => {
    expect(() => parseEbur128Summary('Input #0, wav\n')).toThrow(/no summary/);
  });
});
