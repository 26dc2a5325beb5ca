import { useMutation, useQueryClient } from '@tanstack/react-query';
import { trackKeys } from '../../api/track-keys.ts';
import type { Track } from '../../api/track-types.ts';
import { resetShareLink } from '../../api/tracks-api.ts';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { SuccessNote } from '../../components/success-note.tsx';

/** The unlisted track's secret link, and a reset for when it went further than it should have. */
export function ShareLinkPanel({ track }: { track: Track }) {
  const queryClient = useQueryClient();
  const reset = useMutation({
    mutationFn: () => resetShareLink(track.id),
    onSuccess: ({ sharePath }) =>
      queryClient.setQueryData<Track>(trackKeys.track(track.id), (old) => old && { ...old, sharePath }),
  });
  if (track.visibility !== 'unlisted' || !track.sharePath) return null;
  const link = `${globalThis.location.origin}${track.sharePath}`;
  return (
    <div className="owner-section">
      <h3 className="owner-section-title">Secret link</h3>
      <p className="field-hint">Anyone with this link can listen; the track stays out of every list.</p>
      <input className="input" readOnly value={link} aria-label="Secret link" data-testid="share-link" />
      <div className="button-row">
        <button
          type="button"
          className="button button-ghost"
          onClick={() => reset.mutate()}
          disabled={reset.isPending}
        >
          {reset.isPending ? 'Resetting…' : 'Reset link'}
        </button>
      </div>
      {reset.isSuccess && <SuccessNote>New link made: the old one no longer works.</SuccessNote>}
      <ProblemAlert error={reset.error} />
    </div>
  );
}
