import { v7 as uuidv7 } from 'uuid';
import { ProblemError } from '../../kernel/errors/problem-error.ts';
import type { WriteTransaction } from '../../kernel/service-module.ts';
import { has, isTimedOut, Permission } from '../shared/community-permissions.ts';
import { channelStream, type MessageSnapshot } from '../shared/message-events.ts';
import { type ChannelAccess, requirePermission } from './channel-access.ts';
import { blockedBetween } from './dm-blocks.ts';
import { resolveMentions } from './mention-targets.ts';
import { parseMentions } from './mentions.ts';
import { messageSnapshot } from './message-store.ts';
import type { MessagesDb } from './message-tables.ts';
import { acknowledge, countMessage } from './read-states.ts';

export interface NewMessageInput {
  content: string;
  replyToId?: string | null | undefined;
}

/**
 * Sends a message as `authorId` in the channel of `access` (locked by the caller): checks sending rights,
 * timeout, slowmode, the DM's blocks and the reply; stores the message and whom it notifies; counts it in
 * every read state; moves the author's read point to it; appends MessageCreated. The id is taken under the
 * channel's lock, so a channel's ids grow in commit order.
 */
export async function sendMessage(
  tx: WriteTransaction<MessagesDb>,
  access: ChannelAccess,
  authorId: string,
  input: NewMessageInput,
  now: Date = new Date(),
): Promise<MessageSnapshot> {
  const { channel } = access;
  // Administrators keep every permission through a timeout (community-permissions.ts).
  if (access.member && isTimedOut(access.member, now) && !has(access.permissions, Permission.SEND_MESSAGES))
    throw new ProblemError(
      403,
      'timed_out',
      'Timed out',
      'You may not send messages until your timeout ends',
      {
        until: access.member.timedOutUntil?.toISOString(),
      },
    );
  requirePermission(access, Permission.SEND_MESSAGES, 'send_forbidden', 'You may not send messages here');
  if (channel.type === 'dm' && (await blockedBetween(tx.db, channel.id)))
    throw new ProblemError(403, 'blocked', 'Blocked', 'One of you blocked the other');
  await enforceSlowmode(tx, access, authorId, now);
  if (input.replyToId) {
    const replied = await tx.db
      .selectFrom('messages')
      .select('id')
      .where('id', '=', input.replyToId)
      .where('channel_id', '=', channel.id)
      .executeTakeFirst();
    if (!replied)
      throw new ProblemError(
        400,
        'reply_invalid',
        'Unknown message',
        'You may only reply to a message of this channel',
      );
  }
  const { kept, notified } = await resolveMentions(tx, access, authorId, parseMentions(input.content), now);
  const row = await tx.db
    .insertInto('messages')
    .values({
      id: uuidv7(),
      channel_id: channel.id,
      community_id: channel.community_id,
      author_id: authorId,
      content: input.content,
      reply_to_id: input.replyToId ?? null,
      mention_user_ids: JSON.stringify(kept.users),
      mention_role_ids: JSON.stringify(kept.roles),
      mention_everyone: kept.everyone,
      pinned_at: null,
      edited_at: null,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (notified.length)
    await tx.db
      .insertInto('message_mentions')
      .values(notified.map((userId) => ({ message_id: row.id, channel_id: channel.id, user_id: userId })))
      .execute();
  await tx.db.updateTable('channels').set({ last_message_id: row.id }).where('id', '=', channel.id).execute();
  await countMessage(tx, row, notified, 1);
  await acknowledge(tx, authorId, channel.id, row.id);
  const message = messageSnapshot(row, []);
  await tx.append(channelStream(channel.id), 'any', [
    { type: 'MessageCreated', data: { message, notifiedUserIds: notified } },
  ]);
  return message;
}

/** Members without MANAGE_MESSAGES wait the channel's slowmode between two messages (deleting one resets nothing). */
async function enforceSlowmode(
  tx: WriteTransaction<MessagesDb>,
  access: ChannelAccess,
  authorId: string,
  now: Date,
) {
  const seconds = access.channel.slowmode_seconds;
  if (seconds === 0 || has(access.permissions, Permission.MANAGE_MESSAGES)) return;
  const last = await tx.db
    .selectFrom('last_sends')
    .select('sent_at')
    .where('channel_id', '=', access.channel.id)
    .where('user_id', '=', authorId)
    .executeTakeFirst();
  const wait = last ? last.sent_at.getTime() + seconds * 1000 - now.getTime() : 0;
  if (wait > 0)
    throw new ProblemError(
      429,
      'slowmode',
      'Slowmode',
      `This channel allows one message every ${seconds} s`,
      {
        retryAfterSeconds: Math.ceil(wait / 1000),
      },
    );
  await tx.db
    .insertInto('last_sends')
    .values({ channel_id: access.channel.id, user_id: authorId, sent_at: now })
    .onConflict((oc) => oc.columns(['channel_id', 'user_id']).doUpdateSet({ sent_at: now }))
    .execute();
}
