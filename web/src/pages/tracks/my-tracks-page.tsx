import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { trackKeys } from '../../api/track-keys.ts';
import { listMyTracks } from '../../api/tracks-api.ts';
import { isProcessing } from '../../api/use-track.ts';
import { UploadIcon } from '../../components/icons.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { RequireSignIn } from '../../components/require-sign-in.tsx';
import { PagedTrackList } from './paged-track-list.tsx';

/** While one of them is being processed the list refreshes itself, so "processing" turns "ready". */
const PROCESSING_POLL_MS = 2_000;

function MyTracks() {
  const pages = useInfiniteQuery({
    queryKey: trackKeys.mine,
    queryFn: ({ pageParam }) => listMyTracks(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) => page.tracks.some(isProcessing)) ? PROCESSING_POLL_MS : false,
  });
  if (pages.isPending) return <p className="muted page-loading">Loading…</p>;
  if (pages.isError) return <ProblemAlert error={pages.error} />;
  const tracks = pages.data.pages.flatMap((page) => page.tracks);
  if (tracks.length === 0)
    return (
      <div className="empty-state">
        <p className="lead">You have not uploaded anything yet.</p>
        <Link className="button" to="/upload">
          <UploadIcon />
          Upload your first track
        </Link>
      </div>
    );
  return <PagedTrackList tracks={tracks} pages={pages} label="Your tracks" showState />;
}

/** `/tracks/mine`: every track of the signed-in account, in every state and visibility. */
export function MyTracksPage() {
  return (
    <section className="page tracks-page" aria-labelledby="page-title">
      <title>Your tracks · Veza</title>
      <header className="page-header page-header-split">
        <div>
          <h1 id="page-title">Your tracks</h1>
          <p className="lead">Public, unlisted and private, with where each one is in processing.</p>
        </div>
        <Link className="button" to="/upload">
          <UploadIcon />
          Upload
        </Link>
      </header>
      <RequireSignIn>{() => <MyTracks />}</RequireSignIn>
    </section>
  );
}
