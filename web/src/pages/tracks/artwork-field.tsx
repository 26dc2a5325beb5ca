import { useMutation } from '@tanstack/react-query';
import { type ChangeEvent, useId } from 'react';
import type { Track } from '../../api/track-types.ts';
import { removeTrackArtwork, uploadTrackArtwork } from '../../api/tracks-api.ts';
import { useStoreTrack } from '../../api/use-store-track.ts';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { TrackArtwork } from '../../components/track-artwork.tsx';

const ACCEPT = 'image/png,image/jpeg,image/webp';

/** Uploads the track's artwork as soon as an image is picked; the server makes the square sizes. */
export function ArtworkField({ track }: { track: Track }) {
  const storeTrack = useStoreTrack();
  const inputId = useId();
  const upload = useMutation({
    mutationFn: (file: File) => uploadTrackArtwork(track.id, file),
    onSuccess: storeTrack,
  });
  const remove = useMutation({ mutationFn: () => removeTrackArtwork(track.id), onSuccess: storeTrack });
  const onPick = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file) upload.mutate(file);
  };
  return (
    <div className="owner-section artwork-field">
      <TrackArtwork artwork={track.artwork} size={72} />
      <div className="stack">
        <h3 className="owner-section-title">Artwork</h3>
        <p className="field-hint">
          A square JPEG, PNG or WebP image, at least 1000 × 1000 px looks sharp everywhere.
        </p>
        <div className="button-row">
          <input
            id={inputId}
            className="visually-hidden"
            type="file"
            accept={ACCEPT}
            onChange={onPick}
            disabled={upload.isPending}
          />
          <label htmlFor={inputId} className="button button-secondary file-button">
            {upload.isPending ? 'Uploading…' : track.artwork ? 'Replace artwork' : 'Upload artwork'}
          </label>
          {track.artwork && (
            <button
              type="button"
              className="button button-ghost"
              onClick={() => remove.mutate()}
              disabled={remove.isPending}
            >
              Remove
            </button>
          )}
        </div>
        <ProblemAlert error={upload.error ?? remove.error} />
      </div>
    </div>
  );
}
