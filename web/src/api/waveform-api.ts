/** The peaks file the transcode service writes (server/src/audio/transcode/waveform-peaks.ts). */
export type WaveformPeaks = {
  version: 1;
  /** About 1,800 values in [0, 1], each the loudest sample of its slice of the track. */
  peaks: number[];
  durationSeconds: number;
};

function isPeaks(value: unknown): value is WaveformPeaks {
  return (
    typeof value === 'object' &&
    value !== null &&
    'peaks' in value &&
    Array.isArray(value.peaks) &&
    value.peaks.every((peak) => typeof peak === 'number')
  );
}

/**
 * Fetches a version's waveform from the stream URL the track gave (signed for private and unlisted tracks,
 * possibly on a CDN): a plain GET, since the URL itself carries the permission.
 */
export async function fetchWaveform(url: string): Promise<WaveformPeaks> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`The waveform could not be loaded (HTTP ${response.status})`);
  const body: unknown = await response.json();
  if (!isPeaks(body)) throw new Error('The waveform file has an unexpected shape');
  return body;
}
