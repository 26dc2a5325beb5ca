import { useMutation } from '@tanstack/react-query';
import type { Track } from '../../api/track-types.ts';
import { replaceTrackAudio } from '../../api/tracks-api.ts';
import { useStoreTrack } from '../../api/use-store-track.ts';
import { AUDIO_FILES } from '../../components/accepted-files.ts';
import { FilePickButton } from '../../components/file-pick-button.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { SuccessNote } from '../../components/success-note.tsx';

/** A new version of the audio: the current one keeps playing until the new one is processed. */
export function ReplaceAudioField({ track }: { track: Track }) {
  const storeTrack = useStoreTrack();
  const replace = useMutation({
    mutationFn: (file: File) => replaceTrackAudio(track.id, file),
    onSuccess: storeTrack,
  });
  return (
    <div className="owner-section">
      <h3 className="owner-section-title">Audio</h3>
      <p className="field-hint">
        Version {track.version}. A new file becomes the next version; listeners hear this one until it is
        ready.
      </p>
      <div className="button-row">
        <FilePickButton accept={AUDIO_FILES} onFile={replace.mutate} uploading={replace.isPending}>
          Replace audio
        </FilePickButton>
      </div>
      {replace.isSuccess && <SuccessNote>New version uploaded: it is being processed.</SuccessNote>}
      <ProblemAlert error={replace.error} />
    </div>
  );
}
