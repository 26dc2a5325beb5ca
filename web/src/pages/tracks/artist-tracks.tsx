import { useInfiniteQuery } from '@tanstack/react-query';
import { trackKeys } from '../../api/track-keys.ts';
import { listArtistTracks } from '../../api/tracks-api.ts';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { PagedTrackList } from './paged-track-list.tsx';

/** An artist's public tracks, newest first, on their profile (the owner sees all of theirs). */
export function ArtistTracks({ username, own }: { username: string; own: boolean }) {
  const pages = useInfiniteQuery({
    queryKey: trackKeys.artist(username),
    queryFn: ({ pageParam }) => listArtistTracks(username, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const tracks = pages.data?.pages.flatMap((page) => page.tracks) ?? [];
  return (
    <section className="artist-tracks" aria-labelledby="artist-tracks-title">
      <h2 id="artist-tracks-title" className="section-title">
        Tracks
      </h2>
      {pages.isPending && <p className="muted">Loading…</p>}
      <ProblemAlert error={pages.error} />
      {pages.isSuccess && tracks.length === 0 && (
        <p className="muted">{own ? 'Your uploads will show here.' : 'No tracks yet.'}</p>
      )}
      <PagedTrackList tracks={tracks} pages={pages} label={`Tracks by ${username}`} showState={own} />
    </section>
  );
}
