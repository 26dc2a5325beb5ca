import { ApiError } from '../../api/api-error.ts';
import { ProblemAlert } from '../../components/problem-alert.tsx';

/** A track that is not there for this visitor (deleted, private, a reset link) or could not be loaded. */
export function TrackLoadProblem({ error }: { error: Error }) {
  const missing = error instanceof ApiError && error.status === 404;
  return (
    <section className="page" aria-labelledby="page-title" data-testid="track-missing">
      <title>{missing ? 'Track not found · Veza' : 'Track · Veza'}</title>
      <h1 id="page-title">{missing ? 'Track not found' : 'Could not load this track'}</h1>
      {missing ? (
        <p className="lead">It was deleted, made private, or its link was replaced by a new one.</p>
      ) : (
        <ProblemAlert error={error} />
      )}
    </section>
  );
}
