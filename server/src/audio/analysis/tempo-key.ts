import { Worker } from 'node:worker_threads';
import { ANALYSIS_SAMPLE_RATE, decodeAnalysisPcm } from './analysis-pcm.ts';

/**
 * What the analysis found: tempo in beats per minute (0.1 precision) and key like "A minor". `bpm` is null
 * when the audio has no clear beat (an ambient drone, a field recording): the key can still be known.
 */
export interface TempoAndKey {
  bpm: number | null;
  key: string;
  /** essentia's key strength, 0..1: how clearly the audio matches the key profile. */
  keyStrength: number;
}

/**
 * Never throws: a failed analysis is a null with the reason, so it can never block publishing. A partial
 * one (key without tempo) carries the analysis and, as `reason`, why the tempo is missing.
 */
export type TempoKeyOutcome =
  | { analysis: TempoAndKey; reason: string | null }
  | { analysis: null; reason: string };

export interface TempoKeyOptions {
  /** The whole budget, decoding included; past it the worker is terminated. */
  timeoutMs: number;
  /** Stops early (the caller is shutting down): ffmpeg is killed, the worker terminated, reason `aborted`. */
  signal?: AbortSignal;
}

export interface TempoKeyFileOptions extends TempoKeyOptions {
  ffmpeg?: string;
  /** How much of the start of the track is analysed (default 90 s). */
  maxSeconds?: number;
}

export const ANALYSIS_MAX_SECONDS = 90;
/** Below this the beat tracker has too few beats to go on (and essentia spins forever on an empty signal). */
export const ANALYSIS_MIN_SECONDS = 5;

/** RhythmExtractor2013's default tempo range. */
const MIN_BPM = 40;
const MAX_BPM = 208;
/**
 * RhythmExtractor2013's confidence (multifeature, 0..5.32); essentia reads under 1 as "very low". A
 * 120 BPM kick loop scores 3.7; pink noise under a steady tone, which has no beat, 0.37 (and a tempo of
 * 117): below this the tempo is left out rather than shown as a fact.
 */
export const MIN_TEMPO_CONFIDENCE = 1;

/** The reason when the caller's signal stopped the analysis. */
export const ABORTED = 'aborted';

const workerUrl = new URL('./tempo-key-worker.mjs', import.meta.url);

interface WorkerReply {
  bpm: number;
  confidence: number;
  key: string;
  scale: string;
  strength: number;
}

/** Decodes the start of an audio file with ffmpeg and detects its tempo and key. */
export async function analyseTempoAndKey(
  file: string,
  options: TempoKeyFileOptions,
): Promise<TempoKeyOutcome> {
  const deadline = performance.now() + options.timeoutMs;
  let pcm: Float32Array;
  try {
    pcm = await decodeAnalysisPcm(file, {
      ffmpeg: options.ffmpeg ?? 'ffmpeg',
      maxSeconds: options.maxSeconds ?? ANALYSIS_MAX_SECONDS,
      signal: options.signal
        ? AbortSignal.any([AbortSignal.timeout(options.timeoutMs), options.signal])
        : AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    if (options.signal?.aborted) return failed(ABORTED);
    if (error instanceof Error && error.name === 'AbortError') return timedOut(options.timeoutMs);
    return failed(error instanceof Error ? error.message : String(error));
  }
  const left = Math.floor(deadline - performance.now());
  if (left <= 0) return timedOut(options.timeoutMs);
  return detectTempoAndKey(pcm, { timeoutMs: left, signal: options.signal });
}

/**
 * Tempo and key of mono float32 PCM at 44.1 kHz, computed by essentia.js in a worker thread that is
 * terminated after `timeoutMs`. The buffer is transferred to the worker, so the caller loses it.
 */
export function detectTempoAndKey(pcm: Float32Array, options: TempoKeyOptions): Promise<TempoKeyOutcome> {
  if (pcm.length < ANALYSIS_MIN_SECONDS * ANALYSIS_SAMPLE_RATE) {
    return Promise.resolve(failed(`too short to analyse (under ${ANALYSIS_MIN_SECONDS} s)`));
  }
  if (!pcm.every(Number.isFinite)) return Promise.resolve(failed('the samples are not finite numbers'));
  const { signal } = options;
  if (signal?.aborted) return Promise.resolve(failed(ABORTED));
  return new Promise((resolve) => {
    let settled = false;
    const onAbort = () => settle(failed(ABORTED));
    const settle = (outcome: TempoKeyOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      resolve(outcome);
    };
    const worker = new Worker(workerUrl, {
      workerData: { pcm, sampleRate: ANALYSIS_SAMPLE_RATE },
      transferList: [pcm.buffer as ArrayBuffer],
      // The worker's output is a wasm module's chatter, not ours to print.
      stdout: true,
      stderr: true,
    });
    worker.stdout.resume();
    worker.stderr.resume();
    const timer = setTimeout(() => settle(timedOut(options.timeoutMs)), options.timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (reply: WorkerReply) => settle(interpret(reply)));
    worker.on('error', (error) => settle(failed(`the analysis crashed: ${error.message}`)));
    worker.on('exit', (code) => settle(failed(`the analysis ended without a result (exit code ${code})`)));
  });
}

function interpret(reply: WorkerReply): TempoKeyOutcome {
  // On silence essentia still answers (738 BPM, key strength -1): figures outside the beat tracker's
  // range or without any key strength mean nothing was found.
  const inRange = reply.bpm >= MIN_BPM && reply.bpm <= MAX_BPM;
  if (!inRange) return failed('no tempo found');
  if (!reply.key || !reply.scale || !(reply.strength > 0)) return failed('no key found');
  const clearBeat = reply.confidence >= MIN_TEMPO_CONFIDENCE;
  return {
    analysis: {
      bpm: clearBeat ? Math.round(reply.bpm * 10) / 10 : null,
      key: `${reply.key} ${reply.scale}`,
      keyStrength: Math.round(reply.strength * 1000) / 1000,
    },
    reason: clearBeat ? null : `no clear beat (tempo confidence ${reply.confidence.toFixed(2)})`,
  };
}

function timedOut(timeoutMs: number): TempoKeyOutcome {
  return failed(`timed out after ${Math.round(timeoutMs)} ms`);
}

function failed(reason: string): TempoKeyOutcome {
  return { analysis: null, reason };
}
