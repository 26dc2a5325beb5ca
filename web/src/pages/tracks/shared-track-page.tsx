import { useParams } from 'react-router';
import { useSharedTrack } from '../../api/use-track.ts';
import { TrackLoadProblem } from './track-load-problem.tsx';
import { TrackView } from './track-view.tsx';

/** `/t/s/:secret`: an unlisted track, opened through its secret link. */
export function SharedTrackPage() {
  const { secret = '' } = useParams();
  const track = useSharedTrack(secret);
  if (track.isPending) return <p className="muted page-loading">Loading…</p>;
  if (track.isError) return <TrackLoadProblem error={track.error} />;
  return <TrackView track={track.data} secret={secret} />;
}
