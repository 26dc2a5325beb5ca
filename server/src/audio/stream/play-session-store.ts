import type { Kysely } from 'kysely';
import type { StreamDb } from './stream-tables.ts';

/** The SQL of play sessions and counted plays. */
type Db = Kysely<StreamDb>;

export const findSessionForUpdate = (db: Db, playId: string) =>
  db.selectFrom('play_sessions').selectAll().where('id', '=', playId).forUpdate().executeTakeFirst();

/**
 * Records a counted play of the track by the listener unless one was counted after `windowStart`; true
 * when this one counts. One statement, so two sessions of one listener reaching 30 s at the same moment
 * (two tabs, two processes) count once.
 */
export async function claimCountedPlay(
  db: Db,
  listenerKey: string,
  trackId: string,
  now: Date,
  windowStart: Date,
): Promise<boolean> {
  const claimed = await db
    .insertInto('counted_plays')
    .values({ listener_key: listenerKey, track_id: trackId, counted_at: now })
    .onConflict((oc) =>
      oc
        .columns(['listener_key', 'track_id'])
        .doUpdateSet({ counted_at: now })
        .where('counted_plays.counted_at', '<=', windowStart),
    )
    .returning('listener_key')
    .executeTakeFirst();
  return claimed !== undefined;
}

/** Removes sessions that can take no more reports and counted plays that no longer block a new one. */
export async function sweepPlays(db: Db, sessionsStartedBefore: Date, countedBefore: Date): Promise<void> {
  await db.deleteFrom('play_sessions').where('started_at', '<', sessionsStartedBefore).execute();
  await db.deleteFrom('counted_plays').where('counted_at', '<', countedBefore).execute();
}
