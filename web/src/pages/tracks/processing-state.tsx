import { useMutation, useQueryClient } from '@tanstack/react-query';
import { trackKeys } from '../../api/track-keys.ts';
import type { Track } from '../../api/track-types.ts';
import { retryTrack } from '../../api/tracks-api.ts';
import { RefreshIcon } from '../../components/icons.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { type BadgeState, StatusBadge } from '../../components/status-badge.tsx';

const STATES: Record<Track['state'], { badge: BadgeState; label: string; text: string }> = {
  uploaded: { badge: 'pending', label: 'uploaded', text: 'Uploaded, waiting for its turn to be processed…' },
  processing: {
    badge: 'pending',
    label: 'processing',
    text: 'Processing: streaming formats, loudness, waveform, tempo and key…',
  },
  ready: { badge: 'ok', label: 'ready', text: 'Ready: it plays everywhere on Veza.' },
  failed: { badge: 'error', label: 'failed', text: 'Processing failed.' },
};

/** Where the audio of a track is: uploaded → processing → ready | failed (with the reason and a Retry). */
export function ProcessingState({ track, canRetry }: { track: Track; canRetry: boolean }) {
  const queryClient = useQueryClient();
  const retry = useMutation({
    mutationFn: () => retryTrack(track.id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: trackKeys.track(track.id) }),
  });
  const state = STATES[track.state];
  return (
    <div className={`processing-state processing-${track.state}`} data-testid="processing-state">
      <div className="processing-line">
        <StatusBadge state={state.badge} label={state.label} testId="track-state" />
        <p role="status">{state.text}</p>
        {state.badge === 'pending' && <RefreshIcon className="spin processing-spinner" />}
      </div>
      {track.state === 'failed' && (
        <>
          {track.failureReason && (
            <p className="processing-reason" data-testid="failure-reason">
              {track.failureReason}
            </p>
          )}
          {canRetry && (
            <div className="button-row">
              <button
                type="button"
                className="button button-secondary"
                onClick={() => retry.mutate()}
                disabled={retry.isPending}
              >
                {retry.isPending ? 'Retrying…' : 'Retry'}
              </button>
            </div>
          )}
          <ProblemAlert error={retry.error} />
        </>
      )}
    </div>
  );
}
