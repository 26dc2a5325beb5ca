import { type Kysely, type Selectable, sql } from 'kysely';
import type { UsernameCursor } from './pagination-cursor.ts';
import type { ProfilesDb } from './profile-tables.ts';

/** The SQL of the profiles service's reads. Writes are few and sit in the routes and consumer that make them. */
export type ProfileRow = Selectable<ProfilesDb['profiles']>;
type Db = Kysely<ProfilesDb>;

export const findProfileById = (db: Db, userId: string) =>
  db.selectFrom('profiles').selectAll().where('user_id', '=', userId).executeTakeFirst();

export const findProfileByUsername = (db: Db, username: string) =>
  db
    .selectFrom('profiles')
    .selectAll()
    .where(sql<string>`lower(username)`, '=', username.toLowerCase())
    .executeTakeFirst();

export async function isApprovedViewer(db: Db, ownerId: string, viewerId: string): Promise<boolean> {
  const row = await db
    .selectFrom('approved_viewers')
    .select('owner_id')
    .where('owner_id', '=', ownerId)
    .where('viewer_id', '=', viewerId)
    .executeTakeFirst();
  return row !== undefined;
}

/** `%`, `_` and `\` typed by a person are literal characters, not LIKE wildcards. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

/**
 * Public, visible profiles whose username or display name contains `query` (case-insensitive), in
 * username order after `after`. Fetches one row more than `limit` so the caller knows whether a next
 * page exists.
 */
export function searchProfiles(db: Db, query: string, after: UsernameCursor | null, limit: number) {
  let select = db
    .selectFrom('profiles')
    .selectAll()
    .where('private', '=', false)
    .where('suspended', '=', false);
  if (query) {
    const pattern = likePattern(query);
    select = select.where((eb) =>
      eb.or([eb('username', 'ilike', pattern), eb('display_name', 'ilike', pattern)]),
    );
  }
  if (after)
    select = select.where(sql<boolean>`(lower(username), user_id) > (${after.username}, ${after.id})`);
  return select
    .orderBy(sql`lower(username)`)
    .orderBy('user_id')
    .limit(limit + 1)
    .execute();
}

/** The owner's approved viewers who still have a profile, in username order after `after`, plus one. */
export function listApprovedViewers(db: Db, ownerId: string, after: UsernameCursor | null, limit: number) {
  let select = db
    .selectFrom('approved_viewers')
    .innerJoin('profiles', 'profiles.user_id', 'approved_viewers.viewer_id')
    .selectAll('profiles')
    .select('approved_viewers.approved_at')
    .where('approved_viewers.owner_id', '=', ownerId);
  if (after)
    select = select.where(
      sql<boolean>`(lower(profiles.username), profiles.user_id) > (${after.username}, ${after.id})`,
    );
  return select
    .orderBy(sql`lower(profiles.username)`)
    .orderBy('profiles.user_id')
    .limit(limit + 1)
    .execute();
}
