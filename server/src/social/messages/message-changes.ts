import type { Kysely } from 'kysely';
import { ProblemError } from '../../kernel/errors/problem-error.ts';
import type { WriteTransaction } from '../../kernel/service-module.ts';
import { has, Permission } from '../shared/community-permissions.ts';
import { channelStream, type MessageSnapshot } from '../shared/message-events.ts';
import { type ChannelAccess, channelAccess } from './channel-access.ts';
import { resolveMentions } from './mention-targets.ts';
import { parseMentions } from './mentions.ts';
import { type MessageRow, notifiedBy, snapshotOf } from './message-store.ts';
import type { MessagesDb } from './message-tables.ts';
import { countMessage } from './read-states.ts';

type Tx = WriteTransaction<MessagesDb>;

export const messageNotFound = () =>
  new ProblemError(404, 'message_not_found', 'Message not found', 'This message does not exist');

/**
 * A message the caller can see, with their access to its channel; with `lock`, the channel's row is locked
 * (every change to a channel holds its lock). A message in a channel they cannot view, or without
 * READ_HISTORY, is 404.
 */
export async function visibleMessage(
  db: Kysely<MessagesDb>,
  messageId: string,
  userId: string,
  lock = false,
): Promise<{ access: ChannelAccess; row: MessageRow }> {
  const found = await db
    .selectFrom('messages')
    .select('channel_id')
    .where('id', '=', messageId)
    .executeTakeFirst();
  if (!found) throw messageNotFound();
  const access = await channelAccess(db, found.channel_id, userId, { lock }).catch((error) => {
    throw error instanceof ProblemError && error.status === 404 ? messageNotFound() : error;
  });
  if (!has(access.permissions, Permission.READ_HISTORY)) throw messageNotFound();
  // Read again under the lock: it may have changed or gone while we waited.
  const row = await db.selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirst();
  if (!row) throw messageNotFound();
  return { access, row };
}

export const lockedMessage = (tx: Tx, messageId: string, userId: string) =>
  visibleMessage(tx.db, messageId, userId, true);

/**
 * The author edits the content; the previous one is kept in message_edits. Mentions shown are parsed
 * again, but whom the message notified stays what it was when sent: an edit never pings anyone.
 */
export async function editMessage(
  tx: Tx,
  messageId: string,
  userId: string,
  content: string,
  now: Date = new Date(),
): Promise<MessageSnapshot> {
  const { access, row } = await lockedMessage(tx, messageId, userId);
  if (row.author_id !== userId)
    throw new ProblemError(403, 'not_author', 'Forbidden', 'Only the author may edit a message');
  if (content === row.content) return snapshotOf(tx.db, row);
  const { kept } = await resolveMentions(tx, access, userId, parseMentions(content), now);
  const previous = await tx.db
    .selectFrom('message_edits')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('message_id', '=', row.id)
    .executeTakeFirstOrThrow();
  await tx.db
    .insertInto('message_edits')
    .values({ message_id: row.id, version: Number(previous.n) + 1, content: row.content, replaced_at: now })
    .execute();
  const updated = await tx.db
    .updateTable('messages')
    .set({
      content,
      edited_at: now,
      mention_user_ids: JSON.stringify(kept.users),
      mention_role_ids: JSON.stringify(kept.roles),
      mention_everyone: kept.everyone,
    })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const message = await snapshotOf(tx.db, updated);
  await tx.append(channelStream(row.channel_id), 'any', [{ type: 'MessageUpdated', data: { message } }]);
  return message;
}

/** The author, or a holder of MANAGE_MESSAGES, deletes a message; it leaves the unread and mention counts. */
export async function deleteMessage(tx: Tx, messageId: string, userId: string): Promise<void> {
  const { access, row } = await lockedMessage(tx, messageId, userId);
  if (row.author_id !== userId && !has(access.permissions, Permission.MANAGE_MESSAGES))
    throw new ProblemError(
      403,
      'delete_forbidden',
      'Forbidden',
      'Deleting others’ messages needs MANAGE_MESSAGES',
    );
  await countMessage(tx, row, await notifiedBy(tx.db, row.id), -1);
  await tx.db.deleteFrom('messages').where('id', '=', row.id).execute();
  await tx.append(channelStream(row.channel_id), 'any', [
    {
      type: 'MessageDeleted',
      data: {
        channelId: row.channel_id,
        communityId: row.community_id,
        messageId: row.id,
        authorId: row.author_id,
        deletedBy: userId,
      },
    },
  ]);
}
