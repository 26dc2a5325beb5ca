import { type Kysely, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { EventMetadata } from '../../kernel/events/event-types.ts';
import type { TranscodeDb } from './transcode-tables.ts';

/**
 * The jobs table as the upload consumer changes it (the worker's side is job-leases.ts). Every function
 * runs inside the consumer's transaction, next to its inbox row.
 */

export interface VersionSource {
  trackId: string;
  version: number;
  sourceKey: string;
}

const now = sql<Date>`now()`;

/**
 * Queues a version's transcode and cancels the track's older versions still waiting or in progress:
 * a replaced upload will never play. Returns the ids of the cancelled jobs, so the worker holding one
 * in this process can stop it at once (workers elsewhere notice when they renew their lease).
 */
export async function queueVersion(
  db: Kysely<TranscodeDb>,
  source: VersionSource,
  origin: EventMetadata,
): Promise<{ queued: boolean; cancelled: string[] }> {
  if (await hasNewerVersion(db, source)) return { queued: false, cancelled: [] };
  const inserted = await db
    .insertInto('jobs')
    .values({
      id: uuidv7(),
      track_id: source.trackId,
      version: source.version,
      source_key: source.sourceKey,
      state: 'queued',
      attempts: 0,
      origin: JSON.stringify(origin),
      lease_owner: null,
      lease_until: null,
      last_error: null,
      renditions_removed_at: null,
      finished_at: null,
    })
    .onConflict((oc) => oc.columns(['track_id', 'version']).doNothing())
    .returning('id')
    .executeTakeFirst();
  const cancelled = await cancelJobs(db, source.trackId, source.version);
  return { queued: inserted !== undefined, cancelled };
}

/**
 * Queues a failed version again with its attempts reset. A retry for a version this service never saw
 * queued (its upload event is still on the way) queues it from the retry's own source key.
 */
export async function requeueFailed(
  db: Kysely<TranscodeDb>,
  source: VersionSource,
  origin: EventMetadata,
): Promise<{ queued: boolean; cancelled: string[] }> {
  if (await hasNewerVersion(db, source)) return { queued: false, cancelled: [] };
  const requeued = await db
    .updateTable('jobs')
    .set({
      state: 'queued',
      attempts: 0,
      not_before: now,
      last_error: null,
      finished_at: null,
      source_key: source.sourceKey,
      origin: JSON.stringify(origin),
      updated_at: now,
    })
    .where('track_id', '=', source.trackId)
    .where('version', '=', source.version)
    .where('state', '=', 'failed')
    .executeTakeFirst();
  if (requeued.numUpdatedRows > 0n) return { queued: true, cancelled: [] };
  return queueVersion(db, source, origin);
}

/** A redelivered old upload (or a late retry) must not bring back a version that a newer one replaced. */
async function hasNewerVersion(db: Kysely<TranscodeDb>, source: VersionSource): Promise<boolean> {
  const newer = await db
    .selectFrom('jobs')
    .select('id')
    .where('track_id', '=', source.trackId)
    .where('version', '>', source.version)
    .executeTakeFirst();
  return newer !== undefined;
}

/**
 * Cancels the track's queued and running jobs (all of them, or those of versions before `beforeVersion`)
 * and returns their ids.
 */
export async function cancelJobs(
  db: Kysely<TranscodeDb>,
  trackId: string,
  beforeVersion?: number,
): Promise<string[]> {
  let query = db
    .updateTable('jobs')
    .set({ state: 'cancelled', lease_owner: null, lease_until: null, finished_at: now, updated_at: now })
    .where('track_id', '=', trackId)
    .where('state', 'in', ['queued', 'running']);
  if (beforeVersion !== undefined) query = query.where('version', '<', beforeVersion);
  const rows = await query.returning('id').execute();
  return rows.map((row) => row.id);
}

/** Records that every rendition of the track is gone (the caller deletes `audioPrefix(trackId)`). */
export async function markTrackRenditionsRemoved(db: Kysely<TranscodeDb>, trackId: string): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ renditions_removed_at: now, updated_at: now })
    .where('track_id', '=', trackId)
    .where('renditions_removed_at', 'is', null)
    .execute();
}
