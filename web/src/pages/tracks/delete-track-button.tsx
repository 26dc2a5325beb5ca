import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { trackKeys } from '../../api/track-keys.ts';
import type { Track } from '../../api/track-types.ts';
import { deleteTrack } from '../../api/tracks-api.ts';
import { ProblemAlert } from '../../components/problem-alert.tsx';

/** Deletes the track after a second click that says what goes: every file of it, for good. */
export function DeleteTrackButton({ track, own }: { track: Track; own: boolean }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation({
    mutationFn: () => deleteTrack(track.id),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: trackKeys.track(track.id) });
      await queryClient.invalidateQueries({ queryKey: trackKeys.all });
      navigate(own ? '/tracks/mine' : `/u/${track.owner.username}`);
    },
  });
  return (
    <div className="owner-section">
      <h3 className="owner-section-title">Delete</h3>
      {confirming ? (
        <>
          <p className="field-hint">
            “{track.title}”, its artwork and every version of its audio are removed for good.
          </p>
          <div className="button-row">
            <button
              type="button"
              className="button button-danger"
              onClick={() => remove.mutate()}
              disabled={remove.isPending}
            >
              {remove.isPending ? 'Deleting…' : 'Delete for good'}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </div>
        </>
      ) : (
        <div className="button-row">
          <button type="button" className="button button-ghost" onClick={() => setConfirming(true)}>
            Delete track
          </button>
        </div>
      )}
      <ProblemAlert error={remove.error} />
    </div>
  );
}
