import { Link } from 'react-router';
import { useTrack } from '../../api/use-track.ts';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { ProcessingState } from '../tracks/processing-state.tsx';
import { TrackDetailsForm } from '../tracks/track-details-form.tsx';

/** After the upload: the live processing state beside the details form, prefilled from the file's tags. */
export function UploadedTrack({
  trackId,
  onUploadAnother,
}: {
  trackId: string;
  onUploadAnother: () => void;
}) {
  const track = useTrack(trackId);
  if (track.isPending) return <p className="muted page-loading">Loading the track…</p>;
  if (track.isError) return <ProblemAlert error={track.error} />;
  return (
    <div className="uploaded-track">
      <section className="panel" aria-labelledby="processing-title">
        <h2 id="processing-title" className="panel-title">
          Processing
        </h2>
        <ProcessingState track={track.data} canRetry />
        <div className="button-row uploaded-track-links">
          <Link className="button button-secondary" to={`/tracks/${trackId}`}>
            Open the track page
          </Link>
          <button type="button" className="button button-ghost" onClick={onUploadAnother}>
            Upload another track
          </button>
        </div>
      </section>
      <section className="panel" aria-labelledby="details-title">
        <h2 id="details-title" className="panel-title">
          Details
        </h2>
        <TrackDetailsForm track={track.data} />
      </section>
    </div>
  );
}
