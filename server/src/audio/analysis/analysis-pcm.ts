import { spawn } from 'node:child_process';

/** The PCM the tempo and key analysis reads: mono float32 at the rate essentia's beat tracker assumes. */
export const ANALYSIS_SAMPLE_RATE = 44_100;

export interface DecodeOptions {
  /** The ffmpeg executable. */
  ffmpeg: string;
  /** Only the start of the file is decoded: tempo and key settle within a minute, cost grows with length. */
  maxSeconds: number;
  /** Kills ffmpeg when aborted. */
  signal?: AbortSignal;
}

/**
 * Decodes the first `maxSeconds` of an audio file to mono float32 PCM at 44.1 kHz through ffmpeg
 * (`-f f32le -ac 1 -ar 44100 pipe:1`). Rejects when ffmpeg cannot read the file.
 */
export function decodeAnalysisPcm(file: string, options: DecodeOptions): Promise<Float32Array> {
  const { ffmpeg, maxSeconds, signal } = options;
  const args = ['-nostdin', '-v', 'error', '-i', file, '-t', String(maxSeconds), '-vn', '-sn', '-dn'];
  args.push('-f', 'f32le', '-ac', '1', '-ar', String(ANALYSIS_SAMPLE_RATE), 'pipe:1');
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'], signal });
    const chunks: Buffer[] = [];
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      // Only the first lines name the cause; a corrupt file can print thousands.
      if (errors.length < 2_000) errors += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        const cause = errors.trim().split('\n')[0] || `exit code ${code}`;
        reject(new Error(`ffmpeg could not decode the file: ${cause}`));
        return;
      }
      const bytes = Buffer.concat(chunks);
      // Copied into a fresh, aligned buffer so it can be transferred to the worker as is.
      const samples = new Float32Array(Math.floor(bytes.length / 4));
      new Uint8Array(samples.buffer).set(bytes.subarray(0, samples.length * 4));
      resolve(samples);
    });
  });
}
