import type { Kysely, Selectable } from 'kysely';
import type { TracksDb } from './track-tables.ts';

export type TrackRow = Selectable<TracksDb['tracks']> & { username: string };

const withOwner = (db: Kysely<TracksDb>) =>
  db
    .selectFrom('tracks')
    .leftJoin('artists', 'artists.user_id', 'tracks.owner_id')
    .selectAll('tracks')
    .select((eb) => eb.fn.coalesce('artists.username', eb.val('')).as('username'));

export const findTrack = (db: Kysely<TracksDb>, id: string): Promise<TrackRow | undefined> =>
  withOwner(db).where('tracks.id', '=', id).executeTakeFirst();

export const findTrackBySecret = (db: Kysely<TracksDb>, secret: string): Promise<TrackRow | undefined> =>
  withOwner(db).where('tracks.share_secret', '=', secret).executeTakeFirst();

/** An owner's tracks, newest first (ids are UUIDv7: id order is creation order), after `cursor` (an id). */
export function listOwnerTracks(
  db: Kysely<TracksDb>,
  ownerId: string,
  options: { publicOnly: boolean; after: string | null; limit: number },
): Promise<TrackRow[]> {
  let query = withOwner(db).where('tracks.owner_id', '=', ownerId);
  if (options.publicOnly)
    query = query.where('tracks.visibility', '=', 'public').where('tracks.ready_version', 'is not', null);
  if (options.after) query = query.where('tracks.id', '<', options.after);
  return query.orderBy('tracks.id', 'desc').limit(options.limit).execute();
}

export const findArtistByUsername = (db: Kysely<TracksDb>, username: string) =>
  db
    .selectFrom('artists')
    .select(['user_id', 'username'])
    .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
    .executeTakeFirst();
