import { resolve } from 'node:path';
import { type MediaTools, runMediaTool } from './media-tools.ts';

/** Playback target (Spotify, YouTube and Tidal normalise to about -14 LUFS). */
export const TARGET_LUFS = -14;
/** Never raise a quiet track so far that its true peak would pass this (headroom for lossy decoders). */
export const PEAK_CEILING_DBTP = -1;

export interface Loudness {
  /** EBU R128 integrated loudness, LUFS; -70 (the absolute gate) for silence. */
  integratedLufs: number;
  /** Maximum true peak (4x oversampled), dBTP; null for digital silence (-inf). */
  truePeakDbtp: number | null;
}

/**
 * Measures with ffmpeg's ebur128 filter and parses its closing summary, which both the reference
 * ffmpeg and the 2018 fallback print in the same form:
 *   Integrated loudness:\n    I:  -23.0 LUFS ... True peak:\n    Peak:  -22.9 dBFS
 */
export async function measureLoudness(
  tools: MediaTools,
  input: string,
  options: { signal?: AbortSignal } = {},
): Promise<Loudness> {
  const { stderr } = await runMediaTool(
    tools,
    'ffmpeg',
    [
      '-nostdin',
      '-hide_banner',
      '-nostats',
      '-i',
      resolve(input),
      '-map',
      '0:a:0',
      '-af',
      'ebur128=peak=true',
      '-f',
      'null',
      '-',
    ],
    { signal: options.signal },
  );
  return parseEbur128Summary(stderr);
}

export function parseEbur128Summary(log: string): Loudness {
  const at = log.lastIndexOf('Summary:');
  if (at < 0) throw new Error('ebur128 printed no summary');
  const summary = log.slice(at);
  const integrated = /Integrated loudness:\s*I:\s*(-?[\d.]+|-inf|nan) LUFS/i.exec(summary)?.[1];
  const peak = /True peak:\s*Peak:\s*(-?[\d.]+|-inf|inf|nan) dB/i.exec(summary)?.[1];
  if (integrated === undefined || peak === undefined) throw new Error('ebur128 summary is missing a figure');
  const lufs = Number(integrated);
  const dbtp = Number(peak);
  return {
    integratedLufs: Number.isFinite(lufs) ? lufs : -70,
    truePeakDbtp: Number.isFinite(dbtp) ? dbtp : null,
  };
}

/**
 * The gain, in dB, a player applies to hear the track at `target` LUFS, limited so the true peak
 * stays under `ceiling` (lowering is never limited). Silence gets 0: there is nothing to normalise.
 */
export function playbackGainDb(
  loudness: Loudness,
  target = TARGET_LUFS,
  ceiling = PEAK_CEILING_DBTP,
): number {
  if (loudness.integratedLufs <= -70 || loudness.truePeakDbtp === null) return 0;
  const toTarget = target - loudness.integratedLufs;
  const headroom = ceiling - loudness.truePeakDbtp;
  const gain = toTarget > 0 ? Math.min(toTarget, Math.max(headroom, 0)) : toTarget;
  return Math.round(gain * 10) / 10;
}
