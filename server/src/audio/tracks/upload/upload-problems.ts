import { ProblemError } from '../../../kernel/errors/problem-error.ts';
import type { ProbeRefusalCode } from '../../transcode/probe-audio.ts';

/** Each probe refusal's problem: the code a client branches on and the status that fits it. */
const REFUSALS: Record<ProbeRefusalCode, { status: number; code: string; title: string }> = {
  empty: { status: 400, code: 'audio_empty', title: 'The file is empty' },
  not_audio: { status: 415, code: 'audio_unsupported', title: 'The file is not audio Veza can read' },
  corrupt: { status: 422, code: 'audio_corrupt', title: 'The audio is corrupt or truncated' },
  too_long: { status: 422, code: 'audio_too_long', title: 'The audio is too long' },
};

export const audioRefused = (code: ProbeRefusalCode, detail: string) => {
  const { status, code: problemCode, title } = REFUSALS[code];
  return new ProblemError(status, problemCode, title, detail);
};

export const uploadTooLarge = (maxBytes: number) =>
  new ProblemError(
    413,
    'upload_too_large',
    'The file is too large',
    `Uploads may be at most ${maxBytes} bytes`,
  );

export const uploadMissingFile = () =>
  new ProblemError(
    400,
    'upload_missing_file',
    'No file',
    'Send the audio as the multipart part named "file"',
  );
