import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { EventMetadata } from '../../kernel/events/event-types.ts';
import type { ServiceContext } from '../../kernel/service-module.ts';
import type { TranscodeEventData } from '../shared/audio-events.ts';
import { appendTranscodeEvents, jobMetadata } from './transcode-events.ts';
import type { TranscodeDb } from './transcode-tables.ts';

/**
 * The jobs table as workers change it. A worker owns a running job only while its lease lasts; it
 * renews the lease while it works, and every later write checks it still holds it, so a worker that
 * stalled past its lease (and whose job another worker took) changes nothing.
 */

export interface ClaimedJob {
  id: string;
  trackId: string;
  version: number;
  sourceKey: string;
  /** 1 for the first attempt. */
  attempt: number;
  origin: EventMetadata;
}

export interface LeaseTerms {
  /** Identifies this worker in `lease_owner`. */
  owner: string;
  leaseSeconds: number;
  maxAttempts: number;
}

/** Why a job was not claimed: nothing to do, or try again (lost a race, or ended an exhausted job). */
export type ClaimOutcome = ClaimedJob | 'none' | 'again';

type Ctx = ServiceContext<TranscodeDb>;

const now = sql<Date>`now()`;
// Lease times come from the database clock, the one clock every worker shares.
const inSeconds = (seconds: number) => sql<Date>`now() + make_interval(secs => ${seconds})`;

export const INTERRUPTED = 'interrupted: the process transcoding it stopped before finishing';

/** The wait before a failed attempt's retry: 2 s, 4 s, 8 s … up to 5 minutes. */
export const retryDelaySeconds = (attempt: number) => Math.min(300, 2 ** attempt);

/** Queued and due, or running under a lease nobody renewed (its worker died). */
const claimable = (eb: ExpressionBuilder<TranscodeDb, 'jobs'>) =>
  eb.or([
    eb.and([eb('state', '=', 'queued'), eb('not_before', '<=', now)]),
    eb.and([eb('state', '=', 'running'), eb('lease_until', '<', now)]),
  ]);

/**
 * Takes the oldest claimable job under a lease and appends TranscodeStarted, in one transaction. A job
 * found running under an expired lease lost its attempt: that attempt is reported failed, and the job is
 * failed for good when it was the last one. The candidate is peeked first so the transaction can carry
 * the job's own metadata; `for update skip locked` then takes it unless another worker just did.
 */
export async function claimJob(ctx: Ctx, terms: LeaseTerms): Promise<ClaimOutcome> {
  const candidate = await ctx.db
    .selectFrom('jobs')
    .select(['id', 'origin'])
    .where(claimable)
    .orderBy('created_at')
    .limit(1)
    // Outside a transaction the lock ends with the statement; it only makes the peek pass over rows
    // another transaction holds (a claim, a cancellation), instead of retrying on them.
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  if (!candidate) return 'none';
  return ctx.write(jobMetadata(candidate.origin), async (tx) => {
    const row = await tx.db
      .selectFrom('jobs')
      .selectAll()
      .where('id', '=', candidate.id)
      .where(claimable)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!row) return 'again';
    const { track_id: trackId, version } = row;
    if (row.state === 'running') {
      const final = row.attempts >= terms.maxAttempts;
      await appendTranscodeEvents(tx, trackId, {
        type: 'TranscodeFailed',
        data: { trackId, version, attempt: row.attempts, reason: INTERRUPTED, final },
      });
      if (final) {
        await tx.db
          .updateTable('jobs')
          .set({
            state: 'failed',
            last_error: INTERRUPTED,
            lease_owner: null,
            lease_until: null,
            finished_at: now,
            updated_at: now,
          })
          .where('id', '=', row.id)
          .execute();
        return 'again';
      }
    }
    const attempt = row.attempts + 1;
    await tx.db
      .updateTable('jobs')
      .set({
        state: 'running',
        attempts: attempt,
        lease_owner: terms.owner,
        lease_until: inSeconds(terms.leaseSeconds),
        updated_at: now,
      })
      .where('id', '=', row.id)
      .execute();
    await appendTranscodeEvents(tx, trackId, {
      type: 'TranscodeStarted',
      data: { trackId, version, attempt },
    });
    return { id: row.id, trackId, version, sourceKey: row.source_key, attempt, origin: row.origin };
  });
}

/** Extends the lease; false when the job is no longer this worker's (cancelled, or taken after a stall). */
export async function renewLease(db: Kysely<TranscodeDb>, job: ClaimedJob, terms: LeaseTerms) {
  const renewed = await db
    .updateTable('jobs')
    .set({ lease_until: inSeconds(terms.leaseSeconds) })
    .where('id', '=', job.id)
    .where('state', '=', 'running')
    .where('lease_owner', '=', terms.owner)
    .executeTakeFirst();
  return renewed.numUpdatedRows > 0n;
}

/**
 * Gives a job this worker still holds back to the queue without counting the attempt (the process is
 * shutting down, or the work was stopped for a cancellation that did not commit).
 */
export async function releaseJob(db: Kysely<TranscodeDb>, job: ClaimedJob, terms: LeaseTerms) {
  await db
    .updateTable('jobs')
    .set((eb) => ({
      state: 'queued',
      attempts: eb('attempts', '-', 1),
      lease_owner: null,
      lease_until: null,
      not_before: now,
      updated_at: now,
    }))
    .where('id', '=', job.id)
    .where('state', '=', 'running')
    .where('lease_owner', '=', terms.owner)
    .execute();
}

/** Marks the job done and appends TranscodeSucceeded in one transaction; false when it was no longer ours. */
export function completeJob(
  ctx: Ctx,
  job: ClaimedJob,
  terms: LeaseTerms,
  result: TranscodeEventData['TranscodeSucceeded'],
): Promise<boolean> {
  return ctx.write(jobMetadata(job.origin), async (tx) => {
    const done = await tx.db
      .updateTable('jobs')
      .set({
        state: 'done',
        last_error: null,
        lease_owner: null,
        lease_until: null,
        finished_at: now,
        updated_at: now,
      })
      .where('id', '=', job.id)
      .where('state', '=', 'running')
      .where('lease_owner', '=', terms.owner)
      .executeTakeFirst();
    if (done.numUpdatedRows === 0n) return false;
    await appendTranscodeEvents(tx, job.trackId, { type: 'TranscodeSucceeded', data: result });
    return true;
  });
}

/**
 * Records a failed attempt and appends TranscodeFailed: the job waits for its next attempt, or is failed
 * for good after the last one. Null when the job was no longer ours.
 */
export function failAttempt(
  ctx: Ctx,
  job: ClaimedJob,
  terms: LeaseTerms,
  reason: string,
): Promise<{ final: boolean } | null> {
  const final = job.attempt >= terms.maxAttempts;
  return ctx.write(jobMetadata(job.origin), async (tx) => {
    const failed = await tx.db
      .updateTable('jobs')
      .set({
        state: final ? 'failed' : 'queued',
        last_error: reason,
        lease_owner: null,
        lease_until: null,
        not_before: final ? now : inSeconds(retryDelaySeconds(job.attempt)),
        finished_at: final ? now : null,
        updated_at: now,
      })
      .where('id', '=', job.id)
      .where('state', '=', 'running')
      .where('lease_owner', '=', terms.owner)
      .executeTakeFirst();
    if (failed.numUpdatedRows === 0n) return null;
    const { trackId, version, attempt } = job;
    await appendTranscodeEvents(tx, trackId, {
      type: 'TranscodeFailed',
      data: { trackId, version, attempt, reason, final },
    });
    return { final };
  });
}

export async function jobState(db: Kysely<TranscodeDb>, jobId: string) {
  const row = await db.selectFrom('jobs').select('state').where('id', '=', jobId).executeTakeFirst();
  return row?.state ?? null;
}
