import type { DetailedError, HttpResponse, Upload, UploadOptions } from 'tus-js-client';
import { ApiError } from './api-error.ts';
import { CSRF_HEADER, readCsrfToken } from './csrf-cookie.ts';
import { refreshSession } from './session-refresh.ts';
import { fetchTrackIdOfUpload } from './tracks-api.ts';

export const TUS_ENDPOINT = '/api/v1/tracks/uploads';
const TRACK_ID_HEADER = 'Veza-Track-Id';
/**
 * Pieces of 8 MiB: a failed request costs at most one piece again, each request stays under the body limits
 * of ordinary proxies, and progress is still reported within a piece.
 */
const CHUNK_BYTES = 8 * 1024 * 1024;
/** A bad connection gets a minute of tries before the upload reports an error (and can be resumed by hand). */
const RETRY_DELAYS_MS = [0, 1_000, 3_000, 5_000, 10_000, 20_000, 30_000];

export type TrackUploadEvents = {
  onProgress(sentBytes: number, totalBytes: number): void;
  onSuccess(trackId: string): void;
  onError(error: Error): void;
};

export type TrackUpload = {
  /** Starts, resuming an earlier unfinished upload of the same file from this browser when there is one. */
  start(): Promise<void>;
  /** Stops sending; the bytes received so far stay on the server. */
  pause(): void;
  resume(): void;
};

function problemOf(response: HttpResponse): { code?: unknown; title?: unknown; detail?: unknown } {
  try {
    const body: unknown = JSON.parse(response.getBody() || 'null');
    return typeof body === 'object' && body !== null ? body : {};
  } catch {
    return {};
  }
}

/** The problem+json a refused request carried, as the ApiError the rest of the app shows. */
function toUploadError(error: Error | DetailedError): Error {
  const response = 'originalResponse' in error ? error.originalResponse : null;
  if (!response) return new TypeError('The upload could not reach the server');
  const status = response.getStatus();
  const problem = problemOf(response);
  return new ApiError({
    status,
    code: typeof problem.code === 'string' ? problem.code : `http_${status}`,
    title: typeof problem.title === 'string' ? problem.title : `Upload failed (HTTP ${status})`,
    detail: typeof problem.detail === 'string' ? problem.detail : undefined,
    body: problem,
  });
}

/**
 * A tus 1.0 upload of an audio file for a new track, through the cookie session: every request echoes the
 * CSRF cookie in X-CSRF-Token (read afresh, since a session refresh replaces it), and a 401 for an expired
 * access token renews the session (the same single-flight refresh as every other call) before the retry.
 */
export function createTrackUpload(file: File, events: TrackUploadEvents): TrackUpload {
  let sentAt = 0;
  let renewed = false;
  let upload: Upload | undefined;
  /** Paused before the upload even began (while tus-js-client loaded): it must not begin then. */
  let paused = false;

  const options: UploadOptions = {
    endpoint: TUS_ENDPOINT,
    chunkSize: CHUNK_BYTES,
    retryDelays: RETRY_DELAYS_MS,
    metadata: { filename: file.name, filetype: file.type },
    removeFingerprintOnSuccess: true,
    onBeforeRequest(request) {
      sentAt = Date.now();
      const csrf = readCsrfToken();
      if (csrf) request.setHeader(CSRF_HEADER, csrf);
    },
    async onAfterResponse(_request, response) {
      if (response.getStatus() !== 401) return;
      const { code } = problemOf(response);
      renewed = (code === 'token_expired' || code === 'unauthenticated') && (await refreshSession(sentAt));
    },
    onShouldRetry(error) {
      const status = error.originalResponse?.getStatus() ?? 0;
      if (status === 401) {
        const retry = renewed;
        renewed = false;
        return retry;
      }
      // Server trouble, lost connections and tus conflicts are worth another try; other 4xx are answers.
      return (status < 400 || status >= 500 || status === 409 || status === 423) && navigator.onLine;
    },
    onProgress: (sent, total) => events.onProgress(sent, total),
    onSuccess({ lastResponse }) {
      const trackId = lastResponse.getHeader(TRACK_ID_HEADER);
      if (trackId) return events.onSuccess(trackId);
      // An upload found complete on resume ends with a HEAD, which does not carry the header.
      fetchTrackIdOfUpload(upload?.url ?? '').then(
        ({ trackId: id }) => events.onSuccess(id),
        (error: unknown) => events.onError(error instanceof Error ? error : new Error(String(error))),
      );
    },
    onError: (error) => events.onError(toUploadError(error)),
  };

  return {
    async start() {
      // tus-js-client is loaded when someone uploads, not with every page.
      const { Upload } = await import('tus-js-client');
      upload = new Upload(file, options);
      const [previous] = await upload.findPreviousUploads();
      if (previous) upload.resumeFromPreviousUpload(previous);
      if (!paused) upload.start();
    },
    pause() {
      paused = true;
      void upload?.abort();
    },
    resume() {
      paused = false;
      upload?.start();
    },
  };
}
