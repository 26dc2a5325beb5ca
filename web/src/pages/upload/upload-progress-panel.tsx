import { ApiError } from '../../api/api-error.ts';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { formatBytes } from './byte-size.ts';
import type { UploadProgress } from './use-track-upload.ts';

type UploadProgressPanelProps = {
  progress: Exclude<UploadProgress, { phase: 'idle' }>;
  onPause: () => void;
  onResume: () => void;
  onRetry: () => void;
  onChooseAnother: () => void;
};

function remaining(sent: number, total: number, bytesPerSecond: number | undefined): string | undefined {
  if (!bytesPerSecond || bytesPerSecond <= 0 || sent >= total) return undefined;
  const seconds = Math.ceil((total - sent) / bytesPerSecond);
  return seconds < 60 ? `${seconds} s left` : `${Math.ceil(seconds / 60)} min left`;
}

/** The server said no to the file itself (not audio, too long, too large): sending it again changes nothing. */
const refused = (error: Error) => error instanceof ApiError && error.status >= 400 && error.status < 500;

/** The file being sent: a bar with percent, speed and time left, and pause / resume. */
export function UploadProgressPanel({
  progress,
  onPause,
  onResume,
  onRetry,
  onChooseAnother,
}: UploadProgressPanelProps) {
  const { file } = progress;
  const sent = progress.phase === 'uploading' || progress.phase === 'paused' ? progress.sent : file.size;
  const total = progress.phase === 'uploading' || progress.phase === 'paused' ? progress.total : file.size;
  const percent = total > 0 ? Math.floor((sent / total) * 100) : 100;
  const speed = progress.phase === 'uploading' ? progress.bytesPerSecond : undefined;
  const left = remaining(sent, total, speed);
  const status =
    progress.phase === 'paused'
      ? 'Paused'
      : progress.phase === 'failed'
        ? 'Stopped'
        : progress.phase === 'done'
          ? 'Uploaded'
          : sent >= total
            ? 'Checking the file…'
            : 'Uploading';

  return (
    <section className="panel upload-progress" aria-label="Upload progress" data-phase={progress.phase}>
      <div className="upload-file">
        <p className="upload-file-name">{file.name}</p>
        <p className="muted upload-file-size">{formatBytes(file.size)}</p>
      </div>
      <div
        className="progress-bar"
        role="progressbar"
        aria-label={`Uploading ${file.name}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <div className="progress-bar-fill" style={{ width: `${percent}%` }} />
      </div>
      <div className="upload-figures">
        <span data-testid="upload-percent">{percent}%</span>
        <span>{status}</span>
        <span>
          {formatBytes(sent)} of {formatBytes(total)}
        </span>
        {speed !== undefined && <span data-testid="upload-speed">{formatBytes(speed)}/s</span>}
        {left && <span>{left}</span>}
      </div>
      {progress.phase === 'failed' && <ProblemAlert error={progress.error} />}
      <div className="button-row">
        {progress.phase === 'uploading' && sent < total && (
          <button type="button" className="button button-secondary" onClick={onPause}>
            Pause
          </button>
        )}
        {progress.phase === 'paused' && (
          <button type="button" className="button" onClick={onResume}>
            Resume
          </button>
        )}
        {progress.phase === 'failed' && !refused(progress.error) && (
          <button type="button" className="button" onClick={onRetry}>
            Try again
          </button>
        )}
        {progress.phase === 'failed' && (
          <button type="button" className="button button-secondary" onClick={onChooseAnother}>
            Choose another file
          </button>
        )}
      </div>
    </section>
  );
}
