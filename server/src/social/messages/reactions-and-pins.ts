import { ProblemError } from '../../kernel/errors/problem-error.ts';
import type { WriteTransaction } from '../../kernel/service-module.ts';
import { Permission } from '../shared/community-permissions.ts';
import { channelStream, type MessageSnapshot } from '../shared/message-events.ts';
import { requirePermission } from './channel-access.ts';
import { lockedMessage } from './message-changes.ts';
import { snapshotOf } from './message-store.ts';
import type { MessagesDb } from './message-tables.ts';

type Tx = WriteTransaction<MessagesDb>;

export const LIMITS = {
  /** Distinct emoji on one message (as on Discord). */
  emojiPerMessage: 20,
  pinsPerChannel: 50,
} as const;

/** Adds the caller's reaction (ADD_REACTIONS); adding it twice changes nothing and appends nothing. */
export async function addReaction(tx: Tx, messageId: string, userId: string, emoji: string) {
  const { access, row } = await lockedMessage(tx, messageId, userId);
  requirePermission(access, Permission.ADD_REACTIONS, 'reaction_forbidden', 'You may not react here');
  const emojis = await tx.db
    .selectFrom('reactions')
    .select('emoji')
    .distinct()
    .where('message_id', '=', row.id)
    .execute();
  if (!emojis.some((known) => known.emoji === emoji) && emojis.length >= LIMITS.emojiPerMessage)
    throw new ProblemError(
      409,
      'limit_reached',
      'Too many reactions',
      `A message has at most ${LIMITS.emojiPerMessage} emoji`,
    );
  const added = await tx.db
    .insertInto('reactions')
    .values({ message_id: row.id, emoji, user_id: userId })
    .onConflict((oc) => oc.doNothing())
    .returning('emoji')
    .executeTakeFirst();
  if (!added) return;
  const message = await snapshotOf(tx.db, row);
  await tx.append(channelStream(row.channel_id), 'any', [
    { type: 'ReactionAdded', data: { message, userId, emoji } },
  ]);
}

/** Removes the caller's reaction, or, with MANAGE_MESSAGES, someone else's (`ofUserId`). */
export async function removeReaction(
  tx: Tx,
  messageId: string,
  userId: string,
  emoji: string,
  ofUserId: string = userId,
) {
  const { access, row } = await lockedMessage(tx, messageId, userId);
  if (ofUserId !== userId)
    requirePermission(
      access,
      Permission.MANAGE_MESSAGES,
      'reaction_forbidden',
      'Removing others’ reactions needs MANAGE_MESSAGES',
    );
  const removed = await tx.db
    .deleteFrom('reactions')
    .where('message_id', '=', row.id)
    .where('emoji', '=', emoji)
    .where('user_id', '=', ofUserId)
    .executeTakeFirst();
  if (removed.numDeletedRows === 0n) return;
  const message = await snapshotOf(tx.db, row);
  await tx.append(channelStream(row.channel_id), 'any', [
    { type: 'ReactionRemoved', data: { message, userId: ofUserId, emoji } },
  ]);
}

/**
 * Pins or unpins a message: MANAGE_MESSAGES in a community channel; any participant in a DM (as on Discord).
 * Pinning a pinned message (or unpinning an unpinned one) changes nothing.
 */
export async function setPinned(
  tx: Tx,
  messageId: string,
  userId: string,
  pinned: boolean,
): Promise<MessageSnapshot> {
  const { access, row } = await lockedMessage(tx, messageId, userId);
  if (access.community)
    requirePermission(access, Permission.MANAGE_MESSAGES, 'pin_forbidden', 'Pinning needs MANAGE_MESSAGES');
  if ((row.pinned_at !== null) === pinned) return snapshotOf(tx.db, row);
  if (pinned) {
    const count = await tx.db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('channel_id', '=', row.channel_id)
      .where('pinned_at', 'is not', null)
      .executeTakeFirstOrThrow();
    if (Number(count.n) >= LIMITS.pinsPerChannel)
      throw new ProblemError(
        409,
        'limit_reached',
        'Too many pins',
        `A channel has at most ${LIMITS.pinsPerChannel} pins`,
      );
  }
  const updated = await tx.db
    .updateTable('messages')
    .set({ pinned_at: pinned ? new Date() : null })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const message = await snapshotOf(tx.db, updated);
  await tx.append(channelStream(row.channel_id), 'any', [
    { type: pinned ? 'MessagePinned' : 'MessageUnpinned', data: { message, by: userId } },
  ]);
  return message;
}
