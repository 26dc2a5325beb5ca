import { resolve } from 'node:path';
import { type MediaTools, QUIET_FFMPEG, runMediaTool } from './media-tools.ts';

export const WAVEFORM_POINTS = 1800;
/**
 * A fixed rate makes the sample count predictable from the duration. Not lower: a resampler's
 * low-pass would shave the peaks of cymbals and hi-hats, and scanning 44.1 kHz costs little.
 */
const DECODE_RATE = 44_100;

export interface WaveformPeaks {
  version: 1;
  /** One value per bucket in [0, 1]: the largest absolute sample, full scale = 1. */
  peaks: number[];
  durationSeconds: number;
}

/**
 * Decodes to mono s16le on ffmpeg's stdout and keeps only the running maximum of the current bucket,
 * so memory stays constant whatever the track's length. Bucket boundaries come from the probed
 * duration; samples past it (a duration that was slightly short) fold into the last bucket.
 */
export async function computeWaveformPeaks(
  tools: MediaTools,
  input: string,
  durationSeconds: number,
  options: { points?: number; signal?: AbortSignal } = {},
): Promise<WaveformPeaks> {
  const points = options.points ?? WAVEFORM_POINTS;
  const expected = Math.max(1, Math.round(durationSeconds * DECODE_RATE));
  const peaks = new Array<number>(points).fill(0);
  let sampleIndex = 0;
  let carry: Buffer | null = null;

  const take = (chunk: Buffer) => {
    let data = chunk;
    if (carry) {
      data = Buffer.concat([carry, chunk]);
      carry = null;
    }
    const whole = data.length - (data.length % 2);
    if (whole < data.length) carry = data.subarray(whole);
    for (let offset = 0; offset < whole; offset += 2) {
      const bucket = Math.min(points - 1, Math.floor((sampleIndex * points) / expected));
      const value = Math.abs(data.readInt16LE(offset));
      if (value > (peaks[bucket] ?? 0)) peaks[bucket] = value;
      sampleIndex++;
    }
  };

  await runMediaTool(
    tools,
    'ffmpeg',
    [
      ...QUIET_FFMPEG,
      '-i',
      resolve(input),
      '-map',
      '0:a:0',
      '-vn',
      '-ac',
      '1',
      '-ar',
      String(DECODE_RATE),
      '-f',
      's16le',
      '-c:a',
      'pcm_s16le',
      '-',
    ],
    { onStdout: take, signal: options.signal },
  );

  return {
    version: 1,
    // Three decimals: finer than any screen shows, and it keeps the JSON near 10 kB.
    peaks: peaks.map((p) => Math.round((Math.min(p, 32767) / 32767) * 1000) / 1000),
    durationSeconds,
  };
}
