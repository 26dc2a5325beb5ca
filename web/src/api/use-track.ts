import { type Query, useQuery } from '@tanstack/react-query';
import { trackKeys } from './track-keys.ts';
import type { Track } from './track-types.ts';
import { fetchSharedTrack, fetchTrack } from './tracks-api.ts';

/** The owner watches the state change live: one look a second while the audio is being worked on. */
const PROCESSING_POLL_MS = 1_000;
/** Signed playback URLs are renewed this long before they stop working. */
const RENEW_BEFORE_EXPIRY_MS = 60_000;

export const isProcessing = (track: Track | undefined) =>
  track?.state === 'uploaded' || track?.state === 'processing';

function refetchInterval(query: Query<Track, Error, Track, readonly unknown[]>): number | false {
  const track = query.state.data;
  if (isProcessing(track)) return PROCESSING_POLL_MS;
  const expiresAt = track?.playback?.expiresAt;
  if (!expiresAt) return false;
  return Math.max(10_000, Date.parse(expiresAt) - Date.now() - RENEW_BEFORE_EXPIRY_MS);
}

/** One track by id, polled while it is processing, renewed before its signed URLs expire. */
export function useTrack(id: string) {
  return useQuery({ queryKey: trackKeys.track(id), queryFn: () => fetchTrack(id), refetchInterval });
}

/** The track an unlisted link's secret opens, kept fresh the same way. */
export function useSharedTrack(secret: string) {
  return useQuery({
    queryKey: trackKeys.shared(secret),
    queryFn: () => fetchSharedTrack(secret),
    refetchInterval,
  });
}
