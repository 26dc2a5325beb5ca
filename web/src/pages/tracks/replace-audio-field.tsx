import { useMutation } from '@tanstack/react-query';
import { type ChangeEvent, useId } from 'react';
import type { Track } from '../../api/track-types.ts';
import { replaceTrackAudio } from '../../api/tracks-api.ts';
import { useStoreTrack } from '../../api/use-store-track.ts';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { SuccessNote } from '../../components/success-note.tsx';

const ACCEPT = 'audio/*,.wav,.flac,.aiff,.aif,.mp3,.ogg,.opus,.m4a,.aac';

/** A new version of the audio: the current one keeps playing until the new one is processed. */
export function ReplaceAudioField({ track }: { track: Track }) {
  const storeTrack = useStoreTrack();
  const inputId = useId();
  const replace = useMutation({
    mutationFn: (file: File) => replaceTrackAudio(track.id, file),
    onSuccess: storeTrack,
  });
  const onPick = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file) replace.mutate(file);
  };
  return (
    <div className="owner-section">
      <h3 className="owner-section-title">Audio</h3>
      <p className="field-hint">
        Version {track.version}. A new file becomes the next version; listeners hear this one until it is
        ready.
      </p>
      <div className="button-row">
        <input
          id={inputId}
          className="visually-hidden"
          type="file"
          accept={ACCEPT}
          onChange={onPick}
          disabled={replace.isPending}
        />
        <label htmlFor={inputId} className="button button-secondary file-button">
          {replace.isPending ? 'Uploading…' : 'Replace audio'}
        </label>
      </div>
      {replace.isSuccess && <SuccessNote>New version uploaded: it is being processed.</SuccessNote>}
      <ProblemAlert error={replace.error} />
    </div>
  );
}
