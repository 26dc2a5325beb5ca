import type { Kysely, Selectable } from 'kysely';
import type { MessageSnapshot } from '../shared/message-events.ts';
import type { MessagesDb } from './message-tables.ts';

/** The SQL of message reads, and rows-to-snapshot conversion (what events and the API carry). */
type Db = Kysely<MessagesDb>;
/** A user id no account has, for "reacted by me" when there is no caller. */
const NO_ONE = '00000000-0000-0000-0000-000000000000';
export type MessageRow = Selectable<MessagesDb['messages']>;

export interface ReactionSummary {
  emoji: string;
  count: number;
  /** Whether the caller is among those who reacted. */
  me: boolean;
}

export const messageSnapshot = (
  row: MessageRow,
  reactions: readonly { emoji: string; count: number }[],
): MessageSnapshot => ({
  id: row.id,
  channelId: row.channel_id,
  communityId: row.community_id,
  authorId: row.author_id,
  content: row.content,
  replyToId: row.reply_to_id,
  mentions: { users: row.mention_user_ids, roles: row.mention_role_ids, everyone: row.mention_everyone },
  pinned: row.pinned_at !== null,
  reactions: reactions.map(({ emoji, count }) => ({ emoji, count })),
  createdAt: row.created_at.toISOString(),
  editedAt: row.edited_at?.toISOString() ?? null,
});

export const findMessage = (db: Db, messageId: string) =>
  db.selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirst();

/** Each message's reactions, by emoji in order of first use, with whether `viewerId` is among them. */
export async function reactionsOf(
  db: Db,
  messageIds: readonly string[],
  viewerId: string | null,
): Promise<Map<string, ReactionSummary[]>> {
  const byMessage = new Map<string, ReactionSummary[]>(messageIds.map((id) => [id, []]));
  if (messageIds.length === 0) return byMessage;
  const rows = await db
    .selectFrom('reactions')
    .select(['message_id', 'emoji'])
    .select((eb) => [
      eb.fn.countAll<string>().as('count'),
      eb.fn.min('created_at').as('first'),
      eb.fn
        .max(
          eb
            .case()
            .when('user_id', '=', viewerId ?? NO_ONE)
            .then(1)
            .else(0)
            .end(),
        )
        .as('me'),
    ])
    .where('message_id', 'in', messageIds)
    .groupBy(['message_id', 'emoji'])
    .orderBy('first')
    .orderBy('emoji')
    .execute();
  for (const row of rows)
    byMessage.get(row.message_id)?.push({ emoji: row.emoji, count: Number(row.count), me: row.me === 1 });
  return byMessage;
}

/** A message as events carry it: with its reaction counts. */
export async function snapshotOf(db: Db, row: MessageRow): Promise<MessageSnapshot> {
  const reactions = await reactionsOf(db, [row.id], null);
  return messageSnapshot(row, reactions.get(row.id) ?? []);
}

/** Who a message notified when sent. */
export const notifiedBy = async (db: Db, messageId: string) =>
  (
    await db.selectFrom('message_mentions').select('user_id').where('message_id', '=', messageId).execute()
  ).map((row) => row.user_id);
