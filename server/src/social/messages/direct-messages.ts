import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { ProblemError } from '../../kernel/errors/problem-error.ts';
import type { WriteTransaction } from '../../kernel/service-module.ts';
import { channelStream, type DmChannelSnapshot } from '../shared/message-events.ts';
import { isBlocked } from './dm-blocks.ts';
import type { MessagesDb } from './message-tables.ts';
import { startReading } from './read-states.ts';

type Tx = WriteTransaction<MessagesDb>;

/** A group DM holds its creator and at most this many others (as on Discord: 10 people). */
export const GROUP_DM_OTHERS = 9;

export const userNotFound = () =>
  new ProblemError(404, 'user_not_found', 'User not found', 'No such account');

/** 404 unless every one of `userIds` is an account. */
export async function requireUsers(db: Kysely<MessagesDb>, userIds: readonly string[]) {
  const known = await db.selectFrom('users').select('user_id').where('user_id', 'in', userIds).execute();
  if (known.length !== new Set(userIds).size) throw userNotFound();
}

/**
 * Opens a DM with one user (the existing one if there is one: `created` false) or a group DM with several.
 * Refused when anyone involved blocked another of them: a blocked user cannot DM you.
 */
export async function openDm(
  tx: Tx,
  creatorId: string,
  otherIds: readonly string[],
  name: string | null,
): Promise<{ channel: DmChannelSnapshot; created: boolean }> {
  if (otherIds.includes(creatorId))
    throw new ProblemError(400, 'dm_invalid', 'Invalid DM', 'List the other people, not yourself');
  await requireUsers(tx.db, otherIds);
  const everyone = [creatorId, ...otherIds];
  if (await isBlocked(tx.db, everyone))
    throw new ProblemError(403, 'blocked', 'Blocked', 'Someone in this conversation blocked another of you');
  const group = otherIds.length > 1;
  if (!group) {
    const existing = await tx.db
      .selectFrom('dm_participants as mine')
      .innerJoin('dm_participants as theirs', 'theirs.channel_id', 'mine.channel_id')
      .innerJoin('channels', 'channels.id', 'mine.channel_id')
      .select('channels.id')
      .where('channels.type', '=', 'dm')
      .where('mine.user_id', '=', creatorId)
      .where('theirs.user_id', '=', otherIds[0]!)
      .executeTakeFirst();
    if (existing) return { channel: (await dmSnapshot(tx.db, existing.id))!, created: false };
  }
  const id = uuidv7();
  await tx.db
    .insertInto('channels')
    .values({
      id,
      community_id: null,
      type: group ? 'group_dm' : 'dm',
      owner_id: group ? creatorId : null,
      name: group ? name : null,
    })
    .execute();
  await tx.db
    .insertInto('dm_participants')
    .values(everyone.map((userId) => ({ channel_id: id, user_id: userId })))
    .execute();
  for (const userId of everyone) await startReading(tx, userId, id);
  const channel = (await dmSnapshot(tx.db, id))!;
  await tx.append(channelStream(id), 'no_stream', [{ type: 'DmChannelCreated', data: { channel } }]);
  return { channel, created: true };
}

export async function dmSnapshot(
  db: Kysely<MessagesDb>,
  channelId: string,
): Promise<DmChannelSnapshot | undefined> {
  const channel = await db
    .selectFrom('channels')
    .select(['id', 'type', 'owner_id', 'name'])
    .where('id', '=', channelId)
    .where('community_id', 'is', null)
    .executeTakeFirst();
  if (!channel) return undefined;
  const participants = await db
    .selectFrom('dm_participants')
    .select('user_id')
    .where('channel_id', '=', channelId)
    .orderBy('user_id')
    .execute();
  return {
    id: channel.id,
    type: channel.type as DmChannelSnapshot['type'],
    ownerId: channel.owner_id,
    name: channel.name,
    participantIds: participants.map((row) => row.user_id),
  };
}

/** The user's DMs and group DMs, most recently active first. */
export async function listDms(db: Kysely<MessagesDb>, userId: string) {
  const channels = await db
    .selectFrom('channels')
    .innerJoin('dm_participants', 'dm_participants.channel_id', 'channels.id')
    .select(['channels.id', 'channels.last_message_id'])
    .where('dm_participants.user_id', '=', userId)
    .orderBy((eb) => eb.fn.coalesce('channels.last_message_id', 'channels.id'), 'desc')
    .limit(200)
    .execute();
  const items = [];
  for (const channel of channels)
    items.push({ ...(await dmSnapshot(db, channel.id))!, lastMessageId: channel.last_message_id });
  return items;
}
