import { join } from 'node:path';
import { expect, it } from 'vitest';
import { synthAudio, useMediaWorkspace } from './synth-media.ts';
import { computeWaveformPeaks, WAVEFORM_POINTS } from './waveform-peaks.ts';

const workspace = useMediaWorkspace();

it('gives 1800 peaks in [0, 1]: low over the silent half, near the level over the loud half', async () => {
  // 5 s of silence, then 5 s of a sine peaking at 0.5 (-6 dBFS).
  const graph = 'aevalsrc=if(lt(t\\,5)\\,0\\,0.5*sin(2*PI*440*t)):s=44100:c=stereo';
  const file = await synthAudio(workspace.tools, join(workspace.dir, 'quiet-then-loud.flac'), graph, 10, [
    '-c:a',
    'flac',
  ]);
  const waveform = await computeWaveformPeaks(workspace.tools, file, 10);

  expect(waveform.peaks).toHaveLength(WAVEFORM_POINTS);
  expect(waveform.peaks.every((p) => p >= 0 && p <= 1)).toBe(true);
  const firstHalf = waveform.peaks.slice(0, 880);
  const secondHalf = waveform.peaks.slice(920);
  expect(Math.max(...firstHalf)).toBeLessThan(0.01);
  expect(Math.min(...secondHalf)).toBeGreaterThan(0.45);
  expect(Math.max(...secondHalf)).toBeLessThan(0.55);
  expect(JSON.parse(JSON.stringify(waveform))).toEqual(waveform);
});
