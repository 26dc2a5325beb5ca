import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { trackKeys } from './track-keys.ts';
import type { Track } from './track-types.ts';

/**
 * Puts a track the server answered with where every page reads it: its own query at once, and the lists
 * that show it (refetched, since its place or presence in them may have changed).
 */
export function useStoreTrack(): (track: Track) => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback(
    async (track: Track) => {
      queryClient.setQueryData(trackKeys.track(track.id), track);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trackKeys.mine }),
        queryClient.invalidateQueries({ queryKey: trackKeys.artist(track.owner.username) }),
      ]);
    },
    [queryClient],
  );
}
