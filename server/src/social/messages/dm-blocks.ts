import type { Kysely } from 'kysely';
import type { MessagesDb } from './message-tables.ts';

/** Whether either participant of a DM blocked the other: then neither may send in it. */
export async function blockedBetween(db: Kysely<MessagesDb>, channelId: string): Promise<boolean> {
  const participants = (
    await db.selectFrom('dm_participants').select('user_id').where('channel_id', '=', channelId).execute()
  ).map((row) => row.user_id);
  return isBlocked(db, participants);
}

/** Whether any of `userIds` blocked another of them. */
export async function isBlocked(db: Kysely<MessagesDb>, userIds: readonly string[]): Promise<boolean> {
  if (userIds.length < 2) return false;
  const block = await db
    .selectFrom('blocks')
    .select('blocker_id')
    .where('blocker_id', 'in', userIds)
    .where('blocked_id', 'in', userIds)
    .executeTakeFirst();
  return block !== undefined;
}
