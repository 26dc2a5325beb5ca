import { randomBytes } from 'node:crypto';
import type { Updateable } from 'kysely';
import { ProblemError } from '../../kernel/errors/problem-error.ts';
import type { EventMetadata } from '../../kernel/events/event-types.ts';
import type { ServiceContext, WriteTransaction } from '../../kernel/service-module.ts';
import { trackPrefix } from '../shared/media-keys.ts';
import { appendTrackEvents, type TrackEvent } from './track-events.ts';
import type { TrackChanges } from './track-schemas.ts';
import type { TrackRow } from './track-store.ts';
import type { TracksDb } from './track-tables.ts';

type Columns = Updateable<TracksDb['tracks']>;

/** Each editable field's column (JSON ones serialised). */
// biome-ignore lint/suspicious/noExplicitAny: each entry knows its field's type from TrackChanges
const COLUMNS: Record<keyof TrackChanges, (value: any) => Columns> = {
  title: (value: string) => ({ title: value }),
  description: (value: string) => ({ description: value }),
  genre: (value: string) => ({ genre: value }),
  album: (value: string) => ({ album: value }),
  tags: (value: string[]) => ({ tags: JSON.stringify(value) }),
  credits: (value: unknown[]) => ({ credits: JSON.stringify(value) }),
  releaseDate: (value: string | null) => ({ release_date: value }),
  license: (value: string) => ({ license: value }),
  visibility: (value: TrackRow['visibility']) => ({ visibility: value }),
  downloadable: (value: boolean) => ({ downloadable: value }),
};

/** Applies an owner's edit; access changes (visibility, downloadable) get their own event for the stream service. */
export async function editTrack(
  ctx: ServiceContext<TracksDb>,
  metadata: EventMetadata,
  row: TrackRow,
  changes: TrackChanges,
): Promise<void> {
  let columns: Columns = { updated_at: new Date() };
  for (const [field, value] of Object.entries(changes) as [keyof TrackChanges, never][]) {
    columns = { ...columns, ...COLUMNS[field](value) };
  }
  const visibility = changes.visibility ?? row.visibility;
  const downloadable = changes.downloadable ?? row.downloadable;
  const events: TrackEvent[] = [{ type: 'TrackUpdated', data: { trackId: row.id, changes } }];
  if (visibility !== row.visibility || downloadable !== row.downloadable) {
    events.push({
      type: 'TrackAccessChanged',
      data: { trackId: row.id, ownerId: row.owner_id, visibility, downloadable },
    });
  }
  await ctx.write(metadata, async (tx) => {
    await tx.db.updateTable('tracks').set(columns).where('id', '=', row.id).execute();
    await appendTrackEvents(tx, row.id, ...events);
  });
}

/** A new unlisted link; the old secret stops resolving at once. */
export async function resetShareLink(
  ctx: ServiceContext<TracksDb>,
  metadata: EventMetadata,
  trackId: string,
) {
  const secret = randomBytes(18).toString('base64url');
  await ctx.write(metadata, async (tx) => {
    await tx.db
      .updateTable('tracks')
      .set({ share_secret: secret, updated_at: new Date() })
      .where('id', '=', trackId)
      .execute();
    await appendTrackEvents(tx, trackId, { type: 'TrackShareLinkReset', data: { trackId } });
  });
  return secret;
}

/** Transcodes the current version again; only a failed track may be retried. */
export async function retryTrack(ctx: ServiceContext<TracksDb>, metadata: EventMetadata, row: TrackRow) {
  await ctx.write(metadata, async (tx) => {
    const version = await tx.db
      .selectFrom('track_versions')
      .select('source_key')
      .where('track_id', '=', row.id)
      .where('version', '=', row.version)
      .executeTakeFirstOrThrow();
    const updated = await tx.db
      .updateTable('tracks')
      .set({ state: 'uploaded', failure_reason: null, updated_at: new Date() })
      .where('id', '=', row.id)
      .where('state', '=', 'failed')
      .executeTakeFirst();
    if (updated.numUpdatedRows === 0n)
      throw new ProblemError(
        409,
        'track_not_failed',
        'Nothing to retry',
        'Only a failed track can be retried',
      );
    await appendTrackEvents(tx, row.id, {
      type: 'TrackRetryRequested',
      data: { trackId: row.id, version: row.version, sourceKey: version.source_key },
    });
  });
}

/**
 * Removes a track and its originals and artwork (the transcode service removes the renditions on
 * TrackDeleted). Storage is cleared inside the transaction, as profiles do: a storage failure rolls the
 * row back and the owner can try again; a retry deletes nothing twice.
 */
export async function deleteTrack(ctx: ServiceContext<TracksDb>, metadata: EventMetadata, row: TrackRow) {
  await ctx.write(metadata, async (tx) => deleteTrackIn(ctx, tx, row));
}

export async function deleteTrackIn(
  ctx: ServiceContext<TracksDb>,
  tx: WriteTransaction<TracksDb>,
  row: Pick<TrackRow, 'id' | 'owner_id'>,
) {
  const versions = await tx.db
    .selectFrom('track_versions')
    .select('version')
    .where('track_id', '=', row.id)
    .execute();
  await tx.db.deleteFrom('tracks').where('id', '=', row.id).execute();
  await appendTrackEvents(tx, row.id, {
    type: 'TrackDeleted',
    data: { trackId: row.id, ownerId: row.owner_id, versions: versions.map((v) => v.version) },
  });
  await ctx.storage.deletePrefix(trackPrefix(row.id));
}
