import type { Kysely } from 'kysely';
import type { Visibility } from '../shared/audio-events.ts';
import type { StreamDb } from './stream-tables.ts';

/** What serving a track's files needs to know, read from the stream service's read model. */
export interface TrackAccess {
  trackId: string;
  ownerId: string;
  visibility: Visibility;
  downloadable: boolean;
  /** The version served; null while none is ready. */
  readyVersion: number | null;
  /** The ready version's upload as received, when its TrackUploaded has been seen. */
  original: { key: string; contentType: string; fileName: string } | null;
}

export async function loadTrackAccess(db: Kysely<StreamDb>, trackId: string): Promise<TrackAccess | null> {
  const row = await db
    .selectFrom('tracks')
    .leftJoin('track_versions', (join) =>
      join
        .onRef('track_versions.track_id', '=', 'tracks.track_id')
        .onRef('track_versions.version', '=', 'tracks.ready_version'),
    )
    .select([
      'tracks.owner_id',
      'tracks.visibility',
      'tracks.downloadable',
      'tracks.ready_version',
      'track_versions.source_key',
      'track_versions.source_content_type',
      'track_versions.source_file_name',
    ])
    .where('tracks.track_id', '=', trackId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    trackId,
    ownerId: row.owner_id,
    visibility: row.visibility,
    downloadable: row.downloadable,
    readyVersion: row.ready_version,
    original:
      row.source_key === null
        ? null
        : {
            key: row.source_key,
            contentType: row.source_content_type ?? 'application/octet-stream',
            fileName: row.source_file_name ?? 'original',
          },
  };
}
