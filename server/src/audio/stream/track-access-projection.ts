import type { Kysely } from 'kysely';
import type { Projection, WriteTransaction } from '../../kernel/service-module.ts';
import type { TrackEventData } from '../shared/audio-events.ts';
import type { StreamDb } from './stream-tables.ts';

export const TRACK_ACCESS_GROUP = 'stream.track-access';

/**
 * What the stream service knows of tracks, from the tracks service's events: who may play and download
 * each, which version plays, and each version's original. Never the tracks schema itself.
 *
 * RabbitMQ retries can deliver a track's events out of order, so each kind of change keeps the stream
 * version it was applied from and ignores older ones, and a tombstone keeps a deleted track deleted. A
 * TrackReady seen before any TrackAccessChanged creates the row as private and not downloadable: failing
 * closed until the access event arrives.
 *
 * `changed` runs for every track touched, so the per-process access cache drops its entry.
 */
export function trackAccessProjection(changed: (trackId: string) => Promise<void>): Projection {
  return {
    group: TRACK_ACCESS_GROUP,
    events: ['tracks.TrackAccessChanged', 'tracks.TrackUploaded', 'tracks.TrackReady', 'tracks.TrackDeleted'],
    async handle(event, tx: WriteTransaction<StreamDb>) {
      const { trackId } = event.data as { trackId: string };
      if (event.type === 'TrackDeleted') {
        await tx.db.deleteFrom('tracks').where('track_id', '=', trackId).execute();
        await tx.db.deleteFrom('track_versions').where('track_id', '=', trackId).execute();
        await tx.db
          .insertInto('deleted_tracks')
          .values({ track_id: trackId })
          .onConflict((oc) => oc.doNothing())
          .execute();
        await changed(trackId);
        return;
      }
      if (await isDeleted(tx.db, trackId)) return;
      switch (event.type) {
        case 'TrackAccessChanged': {
          const data = event.data as TrackEventData['TrackAccessChanged'];
          const access = {
            owner_id: data.ownerId,
            visibility: data.visibility,
            downloadable: data.downloadable,
            access_event_version: event.version,
          };
          await tx.db
            .insertInto('tracks')
            .values({ track_id: trackId, ...access, ready_version: null, ready_event_version: 0 })
            .onConflict((oc) =>
              oc
                .column('track_id')
                .doUpdateSet(access)
                .where('tracks.access_event_version', '<', event.version),
            )
            .execute();
          break;
        }
        case 'TrackReady': {
          const data = event.data as TrackEventData['TrackReady'];
          const ready = { ready_version: data.version, ready_event_version: event.version };
          await tx.db
            .insertInto('tracks')
            .values({
              track_id: trackId,
              owner_id: data.ownerId,
              visibility: 'private',
              downloadable: false,
              access_event_version: 0,
              ...ready,
            })
            .onConflict((oc) =>
              oc
                .column('track_id')
                .doUpdateSet(ready)
                .where('tracks.ready_event_version', '<', event.version),
            )
            .execute();
          break;
        }
        case 'TrackUploaded': {
          const data = event.data as TrackEventData['TrackUploaded'];
          await tx.db
            .insertInto('track_versions')
            .values({
              track_id: trackId,
              version: data.version,
              source_key: data.sourceKey,
              source_content_type: data.sourceContentType,
              source_file_name: data.sourceFileName,
            })
            .onConflict((oc) => oc.doNothing())
            .execute();
          break;
        }
        default:
          return;
      }
      await changed(trackId);
    },
    async reset(db: Kysely<StreamDb>) {
      await db.deleteFrom('tracks').execute();
      await db.deleteFrom('track_versions').execute();
      await db.deleteFrom('deleted_tracks').execute();
    },
  };
}

async function isDeleted(db: Kysely<StreamDb>, trackId: string): Promise<boolean> {
  const row = await db
    .selectFrom('deleted_tracks')
    .select('track_id')
    .where('track_id', '=', trackId)
    .executeTakeFirst();
  return row !== undefined;
}
