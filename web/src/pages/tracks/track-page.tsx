import { useParams } from 'react-router';
import { useTrack } from '../../api/use-track.ts';
import { TrackLoadProblem } from './track-load-problem.tsx';
import { TrackView } from './track-view.tsx';

/** `/tracks/:id`. */
export function TrackPage() {
  const { id = '' } = useParams();
  const track = useTrack(id);
  if (track.isPending) return <p className="muted page-loading">Loading…</p>;
  if (track.isError) return <TrackLoadProblem error={track.error} />;
  return <TrackView track={track.data} />;
}
