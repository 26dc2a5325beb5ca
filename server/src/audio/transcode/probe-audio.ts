import { stat } from 'node:fs/promises';
import { MediaToolError, type MediaTools, QUIET_FFMPEG, runMediaTool } from './media-tools.ts';

export interface AudioInfo {
  durationSeconds: number;
  codec: string;
  sampleRate: number;
  channels: number;
  /** Bits per second of the audio stream (or of the whole file when the stream does not say). */
  bitRate: number | null;
}

/** Stable codes: the upload route maps each to its problem+json. */
export type ProbeRefusalCode = 'not_audio' | 'corrupt' | 'empty' | 'too_long';

export type ProbeOutcome =
  | { ok: true; audio: AudioInfo }
  | { ok: false; code: ProbeRefusalCode; detail: string };

export interface ProbeOptions {
  maxDurationSeconds: number;
  /** Skip the full decode (it costs about a transcode's read of the file); default false. */
  skipDecode?: boolean;
}

interface FfprobeJson {
  streams?: {
    codec_type?: string;
    codec_name?: string;
    sample_rate?: string;
    channels?: number;
    bit_rate?: string;
    duration?: string;
  }[];
  format?: { duration?: string; bit_rate?: string };
}

// What ffprobe says when it cannot recognise the bytes as any container at all.
const NOT_MEDIA =
  /Invalid data found when processing input|Invalid argument|could not find codec parameters|Unknown format/i;

/**
 * Decides whether a file is audio we can publish. Order matters: cheap checks first (size, header
 * probe, duration limit) so a 10-hour upload is refused without decoding it; the full decode last,
 * because headers lie about truncated files (a cut FLAC still declares its original length).
 */
export async function probeAudio(
  tools: MediaTools,
  file: string,
  options: ProbeOptions,
): Promise<ProbeOutcome> {
  if ((await stat(file)).size === 0) return refuse('empty', 'the file is empty');

  let json: FfprobeJson;
  try {
    const { stdout } = await runMediaTool(tools, 'ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'format=duration,bit_rate:stream=codec_type,codec_name,sample_rate,channels,bit_rate,duration',
      '-of',
      'json',
      file,
    ]);
    json = JSON.parse(stdout) as FfprobeJson;
  } catch (error) {
    if (error instanceof MediaToolError && NOT_MEDIA.test(error.stderr)) {
      return refuse('not_audio', 'the file is not a recognised audio format');
    }
    return refuse('corrupt', 'the file could not be read as audio');
  }

  const stream = json.streams?.find((s) => s.codec_type === 'audio');
  if (!stream?.codec_name) return refuse('not_audio', 'the file has no audio stream');

  const durationSeconds = numberOr(stream.duration, numberOr(json.format?.duration, Number.NaN));
  if (!Number.isFinite(durationSeconds)) return refuse('corrupt', 'the duration of the audio cannot be read');
  if (durationSeconds <= 0) return refuse('empty', 'the audio has no duration');
  if (durationSeconds > options.maxDurationSeconds) {
    return refuse(
      'too_long',
      `the audio lasts ${Math.round(durationSeconds)} s, over the ${options.maxDurationSeconds} s limit`,
    );
  }

  if (!options.skipDecode) {
    const problem = await decodeProblem(tools, file);
    if (problem) return refuse('corrupt', `the audio does not decode cleanly: ${problem}`);
  }

  return {
    ok: true,
    audio: {
      durationSeconds,
      codec: stream.codec_name,
      sampleRate: numberOr(stream.sample_rate, 0),
      channels: stream.channels ?? 0,
      bitRate: numberOr(stream.bit_rate, numberOr(json.format?.bit_rate, Number.NaN)) || null,
    },
  };
}

/** Decodes the first audio stream to nothing; ffmpeg exits 0 on a truncated file, so any error line counts. */
async function decodeProblem(tools: MediaTools, file: string): Promise<string | null> {
  try {
    const { stderr } = await runMediaTool(tools, 'ffmpeg', [
      ...QUIET_FFMPEG,
      '-i',
      file,
      '-map',
      '0:a:0',
      '-f',
      'null',
      '-',
    ]);
    const first = stderr.trim().split('\n')[0];
    return first ? first : null;
  } catch (error) {
    return error instanceof MediaToolError ? error.message : String(error);
  }
}

function numberOr(value: string | undefined, fallback: number): number {
  const parsed = value === undefined ? Number.NaN : Number(value);
  return Number.isFinite(parsed) ? parsed : fallback;
}

function refuse(code: ProbeRefusalCode, detail: string): ProbeOutcome {
  return { ok: false, code, detail };
}
