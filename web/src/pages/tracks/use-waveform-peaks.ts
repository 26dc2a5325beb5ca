import { useQuery } from '@tanstack/react-query';
import { trackKeys } from '../../api/track-keys.ts';
import type { Track } from '../../api/track-types.ts';
import { fetchWaveform } from '../../api/waveform-api.ts';

/** The peaks of the version that plays; a version's peaks never change, so they are fetched once. */
export function useWaveformPeaks(track: Track) {
  const { playback } = track;
  return useQuery({
    queryKey: trackKeys.waveform(track.id, playback?.version ?? 0),
    queryFn: () => fetchWaveform(playback?.waveform ?? ''),
    enabled: Boolean(playback),
    staleTime: Number.POSITIVE_INFINITY,
  });
}
