import { useCallback, useEffect, useRef, useState } from 'react';
import { createTrackUpload, type TrackUpload } from '../../api/resumable-track-upload.ts';
import { TransferRate } from './transfer-rate.ts';

export type UploadProgress =
  | { phase: 'idle' }
  | { phase: 'uploading' | 'paused'; file: File; sent: number; total: number; bytesPerSecond?: number }
  | { phase: 'done'; file: File; trackId: string }
  | { phase: 'failed'; file: File; error: Error };

/** Progress is drawn at most this often: tus reports every few kilobytes. */
const REDRAW_MS = 200;

/** One resumable upload at a time: its progress, speed, pause and resume, and the track it became. */
export function useTrackUpload() {
  const [progress, setProgress] = useState<UploadProgress>({ phase: 'idle' });
  const upload = useRef<TrackUpload | null>(null);
  const rate = useRef(new TransferRate());
  const drawnAt = useRef(0);

  // Leaving the page stops sending; the same file picked again later resumes where it stopped.
  useEffect(() => () => upload.current?.pause(), []);

  const start = useCallback((file: File) => {
    upload.current?.pause();
    rate.current.reset();
    setProgress({ phase: 'uploading', file, sent: 0, total: file.size });
    const current = createTrackUpload(file, {
      onProgress(sent, total) {
        rate.current.add(sent);
        const now = performance.now();
        if (now - drawnAt.current < REDRAW_MS && sent < total) return;
        drawnAt.current = now;
        setProgress((state) =>
          state.phase === 'uploading'
            ? { ...state, sent, total, bytesPerSecond: rate.current.bytesPerSecond() }
            : state,
        );
      },
      onSuccess: (trackId) => setProgress({ phase: 'done', file, trackId }),
      onError: (error) => setProgress({ phase: 'failed', file, error }),
    });
    upload.current = current;
    current.start().catch((error: unknown) =>
      setProgress({
        phase: 'failed',
        file,
        error: error instanceof Error ? error : new Error(String(error)),
      }),
    );
  }, []);

  const pause = useCallback(() => {
    upload.current?.pause();
    setProgress((state) =>
      state.phase === 'uploading' ? { ...state, phase: 'paused', bytesPerSecond: undefined } : state,
    );
  }, []);

  const resume = useCallback(() => {
    rate.current.reset();
    setProgress((state) => (state.phase === 'paused' ? { ...state, phase: 'uploading' } : state));
    upload.current?.resume();
  }, []);

  /** Back to picking a file (the stopped upload can still be resumed by picking the same file). */
  const reset = useCallback(() => {
    upload.current?.pause();
    upload.current = null;
    setProgress({ phase: 'idle' });
  }, []);

  return { progress, start, pause, resume, reset };
}
