import { useMutation } from '@tanstack/react-query';
import type { TrackChanges } from '../../api/track-types.ts';
import { updateTrack } from '../../api/tracks-api.ts';
import { useStoreTrack } from '../../api/use-store-track.ts';

/** Saves a track's changes (PATCH) and shows the answer everywhere the track appears. */
export function useSaveTrack(trackId: string) {
  const storeTrack = useStoreTrack();
  return useMutation({
    mutationFn: (changes: TrackChanges) => updateTrack(trackId, changes),
    onSuccess: storeTrack,
  });
}
