import type { WriteTransaction } from '../../kernel/service-module.ts';
import type { MessagesDb } from './message-tables.ts';

type Tx = WriteTransaction<MessagesDb>;

/**
 * Unread and mention counts, kept up to date by each change rather than counted on every read. For a user U
 * in a channel C with read point R (the last message U acknowledged, or none):
 *   unread(U, C)   = messages of C after R that U did not write;
 *   mentions(U, C) = those of them that notified U (message_mentions, fixed when the message was sent).
 * A send adds to, and a delete takes from, the states of every user whose read point is before the message;
 * an ack moves the point and counts what lies after it. Every one of them runs under the channel's row
 * lock (channel-access.ts), so no send, delete or ack of a channel interleaves with another: the counts
 * always equal that definition (read-state-counts.test.ts checks it against random histories).
 */

/** A user starts following a channel from its newest message: history before they came is not unread. */
export async function startReading(tx: Tx, userId: string, channelId: string) {
  const channel = await tx.db
    .selectFrom('channels')
    .select('last_message_id')
    .where('id', '=', channelId)
    .forShare()
    .executeTakeFirst();
  if (!channel) return;
  await tx.db
    .insertInto('read_states')
    .values({ user_id: userId, channel_id: channelId, last_read_message_id: channel.last_message_id })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** `delta` +1 for a new message, -1 for a deleted one. */
export async function countMessage(
  tx: Tx,
  message: { id: string; channel_id: string; author_id: string },
  notified: readonly string[],
  delta: 1 | -1,
) {
  await tx.db
    .updateTable('read_states')
    .set((eb) => ({
      unread_count: eb('unread_count', '+', delta),
      mention_count: notified.length
        ? eb('mention_count', '+', eb.case().when('user_id', 'in', notified).then(delta).else(0).end())
        : eb.ref('mention_count'),
    }))
    .where('channel_id', '=', message.channel_id)
    .where('user_id', '!=', message.author_id)
    .where((eb) =>
      eb.or([eb('last_read_message_id', 'is', null), eb('last_read_message_id', '<', message.id)]),
    )
    .execute();
}

export interface ReadState {
  channelId: string;
  lastReadMessageId: string | null;
  unreadCount: number;
  mentionCount: number;
}

/**
 * Moves the user's read point in the channel to `messageId` (never back: an older ack changes nothing) and
 * counts what is after it. The caller holds the channel's lock.
 */
export async function acknowledge(
  tx: Tx,
  userId: string,
  channelId: string,
  messageId: string,
): Promise<ReadState> {
  const current = await tx.db
    .selectFrom('read_states')
    .selectAll()
    .where('user_id', '=', userId)
    .where('channel_id', '=', channelId)
    .executeTakeFirst();
  if (current?.last_read_message_id && current.last_read_message_id >= messageId) return stateOf(current);
  const unread = await tx.db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('channel_id', '=', channelId)
    .where('id', '>', messageId)
    .where('author_id', '!=', userId)
    .executeTakeFirstOrThrow();
  const mentions = await tx.db
    .selectFrom('message_mentions')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('channel_id', '=', channelId)
    .where('message_id', '>', messageId)
    .executeTakeFirstOrThrow();
  const values = {
    last_read_message_id: messageId,
    unread_count: Number(unread.n),
    mention_count: Number(mentions.n),
  };
  const saved = await tx.db
    .insertInto('read_states')
    .values({ user_id: userId, channel_id: channelId, ...values })
    .onConflict((oc) => oc.columns(['user_id', 'channel_id']).doUpdateSet(values))
    .returningAll()
    .executeTakeFirstOrThrow();
  return stateOf(saved);
}

export const stateOf = (row: {
  channel_id: string;
  last_read_message_id: string | null;
  unread_count: number;
  mention_count: number;
}): ReadState => ({
  channelId: row.channel_id,
  lastReadMessageId: row.last_read_message_id,
  unreadCount: row.unread_count,
  mentionCount: row.mention_count,
});
