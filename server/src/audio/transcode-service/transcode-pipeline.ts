import { createWriteStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ObjectStorage } from '../../kernel/storage/object-storage.ts';
import { analyseTempoAndKey } from '../analysis/tempo-key.ts';
import type { TranscodeEventData } from '../shared/audio-events.ts';
import { DOWNLOAD_MP3, renditionPrefix, WAVEFORM_JSON } from '../shared/media-keys.ts';
import { writeDashManifest } from '../transcode/dash-manifest.ts';
import { renderHlsLadder } from '../transcode/hls-ladder.ts';
import { measureLoudness, playbackGainDb } from '../transcode/loudness.ts';
import type { MediaTools } from '../transcode/media-tools.ts';
import { renderMp3Download } from '../transcode/mp3-download.ts';
import { probeAudio } from '../transcode/probe-audio.ts';
import { computeWaveformPeaks } from '../transcode/waveform-peaks.ts';
import { makeJobScratch, removeJobScratch } from './job-scratch.ts';
import { uploadRenditions } from './rendition-upload.ts';

export interface PipelineDeps {
  tools: MediaTools;
  storage: ObjectStorage;
  /** The longest audio accepted (config.maxTrackSeconds): the upload checked it, a bad object is refused here too. */
  maxTrackSeconds: number;
}

export interface VersionToTranscode {
  trackId: string;
  version: number;
  sourceKey: string;
}

/** Tempo and key settle within the first 90 s the analysis reads; past this budget they are left out. */
export const ANALYSIS_TIMEOUT_MS = 60_000;

/**
 * The rendering budget after the probe: generous for a healthy run (the ladder alone runs at 20× real
 * time or better), so only a hung ffmpeg reaches it. The job's attempt then fails and is retried.
 */
// Whole milliseconds: AbortSignal.timeout throws on a fraction (a probed duration is one).
export const renderBudgetMs = (durationSeconds: number) => Math.ceil(120_000 + 2_000 * durationSeconds);

/** A failure whose message is meant for the track's owner and the job's `last_error`. */
export class TranscodeStepError extends Error {
  constructor(step: string, cause: unknown, scratch: string) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    // File names inside the scratch folder say nothing to the owner; the folder itself is ours to hide.
    super(`${step}: ${detail.replaceAll(`${scratch}/`, '').replaceAll(scratch, '')}`);
    this.name = 'TranscodeStepError';
  }
}

/**
 * One version of a track, start to finish: copies the original from storage to a scratch folder,
 * probes it, renders the HLS ladder with its DASH manifest, the MP3 download, the loudness figures, the
 * waveform and the tempo and key, and uploads every file under the version's rendition prefix. Returns
 * what TranscodeSucceeded says; the caller commits it. Aborting `signal` kills the ffmpeg at work.
 */
export async function transcodeVersion(
  deps: PipelineDeps,
  job: VersionToTranscode,
  signal: AbortSignal,
): Promise<TranscodeEventData['TranscodeSucceeded']> {
  const { tools, storage } = deps;
  const scratch = await makeJobScratch();
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      signal.throwIfAborted();
      throw new TranscodeStepError(name, error, scratch);
    }
  };
  try {
    const source = join(scratch, 'source');
    await step('reading the original', () => copySource(storage, job.sourceKey, source, signal));
    const probed = await step('probing', () =>
      // The upload decoded the whole file already; the copy's size was checked above.
      probeAudio(tools, source, { maxDurationSeconds: deps.maxTrackSeconds, skipDecode: true }),
    );
    if (!probed.ok) throw new TranscodeStepError('probing', `${probed.code}: ${probed.detail}`, scratch);
    const durationSeconds = probed.audio.durationSeconds;

    const budget = AbortSignal.timeout(renderBudgetMs(durationSeconds));
    const render = AbortSignal.any([signal, budget]);
    const rendering = async <T>(name: string, work: () => Promise<T>) =>
      step(name, async () => {
        try {
          return await work();
        } catch (error) {
          if (budget.aborted) throw new Error(`took longer than ${renderBudgetMs(durationSeconds) / 1000} s`);
          throw error;
        }
      });

    const out = join(scratch, 'out');
    const ladder = await rendering('HLS ladder', () =>
      renderHlsLadder(tools, source, out, { signal: render }),
    );
    await rendering('DASH manifest', () => writeDashManifest(out, ladder));
    await rendering('MP3 download', () =>
      renderMp3Download(tools, source, join(out, DOWNLOAD_MP3), { signal: render }),
    );
    const loudness = await rendering('loudness', () => measureLoudness(tools, source, { signal: render }));
    const waveform = await rendering('waveform', () =>
      computeWaveformPeaks(tools, source, durationSeconds, { signal: render }),
    );
    await writeFile(join(out, WAVEFORM_JSON), JSON.stringify(waveform));
    const tempo = await analyseTempoAndKey(source, {
      timeoutMs: ANALYSIS_TIMEOUT_MS,
      ffmpeg: tools.ffmpeg,
      signal,
    });
    signal.throwIfAborted();

    await step('storing the renditions', () =>
      uploadRenditions(storage, out, renditionPrefix(job.trackId, job.version), signal),
    );
    return {
      trackId: job.trackId,
      version: job.version,
      durationSeconds,
      renditions: ladder.renditions.map((r) => ({
        kbps: r.kbps,
        codecs: ladder.codecs,
        peakBitRate: r.peakBitRate,
        averageBitRate: r.averageBitRate,
        segments: r.segments.length,
      })),
      loudness: { ...loudness, gainDb: playbackGainDb(loudness) },
      tempo: tempo.analysis,
      analysisNote: tempo.reason,
    };
  } finally {
    await removeJobScratch(scratch);
  }
}

/** Streams the original to disk and checks nothing was cut short on the way. */
async function copySource(storage: ObjectStorage, key: string, file: string, signal: AbortSignal) {
  const object = await storage.get(key);
  if (!object) throw new Error('the original is not in storage');
  await pipeline(object.body, createWriteStream(file), { signal });
  const { size } = await stat(file);
  if (size !== object.size) throw new Error(`copied ${size} of the original's ${object.size} bytes`);
}
