import { RequireSignIn } from '../../components/require-sign-in.tsx';
import { AudioDropZone } from './audio-drop-zone.tsx';
import { UploadProgressPanel } from './upload-progress-panel.tsx';
import { UploadedTrack } from './uploaded-track.tsx';
import { useTrackUpload } from './use-track-upload.ts';

function Uploader() {
  const { progress, start, pause, resume, reset } = useTrackUpload();
  return (
    <>
      {progress.phase === 'idle' ? (
        <AudioDropZone onFile={start} />
      ) : (
        <UploadProgressPanel
          progress={progress}
          onPause={pause}
          onResume={resume}
          onRetry={() => start(progress.file)}
          onChooseAnother={reset}
        />
      )}
      {progress.phase === 'done' && <UploadedTrack trackId={progress.trackId} onUploadAnother={reset} />}
    </>
  );
}

/** `/upload`: send an audio file (resumable), then describe the track while it is processed. */
export function UploadPage() {
  return (
    <section className="page upload-page" aria-labelledby="page-title">
      <title>Upload · Veza</title>
      <header className="page-header">
        <h1 id="page-title">Upload a track</h1>
        <p className="lead">
          Your track is transcoded for streaming, levelled to a common loudness and analysed for tempo and
          key.
        </p>
      </header>
      <RequireSignIn>{() => <Uploader />}</RequireSignIn>
    </section>
  );
}
