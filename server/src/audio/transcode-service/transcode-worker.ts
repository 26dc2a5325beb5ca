import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ServiceContext } from '../../kernel/service-module.ts';
import { renditionPrefix } from '../shared/media-keys.ts';
import { locateMediaTools } from '../transcode/media-tools.ts';
import {
  type ClaimedJob,
  claimJob,
  completeJob,
  failAttempt,
  jobState,
  type LeaseTerms,
  releaseJob,
  renewLease,
} from './job-leases.ts';
import { removeOrphanedScratch } from './job-scratch.ts';
import { removeReplacedRenditions } from './rendition-cleanup.ts';
import { type PipelineDeps, transcodeVersion } from './transcode-pipeline.ts';
import type { TranscodeDb } from './transcode-tables.ts';

/** How often an idle worker looks for work: new jobs, due retries and expired leases. */
const POLL_MS = 1_000;
/**
 * A wake-up from the upload consumer comes from inside its transaction; the claim waits this long so
 * the new row has usually committed (if not, the next poll finds it).
 */
const WAKE_DELAY_MS = 50;

/** Why this process stopped a job it was running (abort reasons). */
class JobStopped extends Error {
  constructor(readonly why: 'shutdown' | 'cancelled' | 'lease lost') {
    super(`transcode stopped: ${why}`);
    this.name = 'JobStopped';
  }
}

interface ActiveJob {
  job: ClaimedJob;
  controller: AbortController;
  finished: Promise<void>;
}

/**
 * Runs up to `config.transcodeConcurrency` jobs at once in this process (none at 0: the process still
 * queues jobs for others). Jobs are claimed from the shared table under a renewed lease, so several
 * processes share the work and a job whose process died is claimed again once its lease runs out.
 */
export class TranscodeWorker {
  readonly #ctx: ServiceContext<TranscodeDb>;
  readonly #terms: LeaseTerms;
  readonly #concurrency: number;
  readonly #active = new Map<string, ActiveJob>();
  #pipeline: PipelineDeps | null = null;
  #poll: NodeJS.Timeout | undefined;
  #filling: Promise<void> | null = null;
  #fillAgain = false;
  #closed = false;

  private constructor(ctx: ServiceContext<TranscodeDb>) {
    this.#ctx = ctx;
    this.#concurrency = ctx.background ? ctx.config.transcodeConcurrency : 0;
    this.#terms = {
      owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
      leaseSeconds: ctx.config.transcodeLeaseSeconds,
      maxAttempts: ctx.config.transcodeMaxAttempts,
    };
  }

  /** Starts polling when this process transcodes; first clears what a crashed predecessor left. */
  static async start(ctx: ServiceContext<TranscodeDb>): Promise<TranscodeWorker> {
    const worker = new TranscodeWorker(ctx);
    if (worker.#concurrency === 0) return worker;
    worker.#pipeline = {
      tools: await locateMediaTools(),
      storage: ctx.storage,
      maxTrackSeconds: ctx.config.maxTrackSeconds,
    };
    await removeOrphanedScratch();
    await removeReplacedRenditions(ctx);
    worker.#poll = setInterval(() => worker.#fill(), POLL_MS);
    worker.#fill();
    return worker;
  }

  /** A job was queued in this process: look for work now rather than at the next poll. */
  wake(): void {
    if (this.#concurrency === 0 || this.#closed) return;
    setTimeout(() => this.#fill(), WAKE_DELAY_MS).unref();
  }

  /** Stops the named jobs if they run here (their cancellation is being committed). */
  cancel(jobIds: readonly string[]): void {
    for (const id of jobIds) this.#active.get(id)?.controller.abort(new JobStopped('cancelled'));
  }

  /** Stops claiming, stops the running jobs and hands them back to the queue for the next process. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#poll);
    await this.#filling;
    for (const { controller } of this.#active.values()) controller.abort(new JobStopped('shutdown'));
    await Promise.all([...this.#active.values()].map((active) => active.finished));
  }

  /** Claims jobs until every slot is busy or nothing is claimable; one fill at a time. */
  #fill(): void {
    if (this.#closed) return;
    if (this.#filling) {
      this.#fillAgain = true;
      return;
    }
    this.#filling = (async () => {
      do {
        this.#fillAgain = false;
        while (!this.#closed && this.#active.size < this.#concurrency) {
          const outcome = await claimJob(this.#ctx, this.#terms);
          if (outcome === 'none') break;
          if (outcome !== 'again') this.#run(outcome);
        }
      } while (this.#fillAgain && !this.#closed);
    })()
      .catch((error: unknown) => this.#ctx.logger.error({ err: error }, 'claiming a transcode job failed'))
      .finally(() => {
        this.#filling = null;
      });
  }

  #run(job: ClaimedJob): void {
    const controller = new AbortController();
    const renewal = setInterval(
      () => {
        renewLease(this.#ctx.db, job, this.#terms).then(
          (held) => {
            if (!held) controller.abort(new JobStopped('lease lost'));
          },
          // A database hiccup: keep working; if the lease runs out meanwhile, the next write notices.
          (error: unknown) => this.#ctx.logger.warn({ err: error, jobId: job.id }, 'lease renewal failed'),
        );
      },
      (this.#terms.leaseSeconds * 1000) / 3,
    );
    const finished = this.#process(job, controller.signal)
      .catch((error: unknown) =>
        this.#ctx.logger.error({ err: error, jobId: job.id }, 'a transcode job could not be recorded'),
      )
      .finally(() => {
        clearInterval(renewal);
        this.#active.delete(job.id);
        this.#fill();
      });
    this.#active.set(job.id, { job, controller, finished });
  }

  async #process(job: ClaimedJob, signal: AbortSignal): Promise<void> {
    const log = this.#ctx.logger.child({ trackId: job.trackId, version: job.version, attempt: job.attempt });
    log.info('transcode started');
    let result: Awaited<ReturnType<typeof transcodeVersion>>;
    try {
      result = await transcodeVersion(this.#pipeline!, job, signal);
      signal.throwIfAborted();
    } catch (error) {
      if (signal.aborted) return this.#stopped(job, signal.reason, log);
      const reason = error instanceof Error ? error.message : String(error);
      const outcome = await failAttempt(this.#ctx, job, this.#terms, reason);
      log.warn({ reason, final: outcome?.final ?? null }, 'transcode failed');
      // A last failure keeps nothing: a partial upload would otherwise stay until the track is deleted.
      if (outcome?.final) await this.#ctx.storage.deletePrefix(renditionPrefix(job.trackId, job.version));
      return;
    }
    if (!(await completeJob(this.#ctx, job, this.#terms, result))) {
      return this.#stopped(job, new JobStopped('lease lost'), log);
    }
    log.info({ durationSeconds: result.durationSeconds }, 'transcode done');
    await removeReplacedRenditions(this.#ctx, job.trackId);
  }

  /**
   * After a stop: a job still ours goes back to the queue uncounted; a cancelled one loses the files it
   * may have uploaded after the cancellation deleted the track's. A job another worker took keeps its files.
   */
  async #stopped(job: ClaimedJob, reason: unknown, log: ServiceContext['logger']): Promise<void> {
    await releaseJob(this.#ctx.db, job, this.#terms);
    const state = await jobState(this.#ctx.db, job.id);
    if (state === 'cancelled' || state === null) {
      await this.#ctx.storage.deletePrefix(renditionPrefix(job.trackId, job.version));
    }
    log.info(
      { reason: reason instanceof Error ? reason.message : String(reason), state },
      'transcode stopped',
    );
  }
}
