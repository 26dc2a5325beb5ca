import type { ServiceContext } from '../../kernel/service-module.ts';
import type { MessagesDb } from './message-tables.ts';

/**
 * An account's part of a data export: the messages it wrote (with their earlier versions), its reactions,
 * the users it blocks and its DMs. Others' messages are theirs, not part of it.
 */
export async function exportMessages(ctx: ServiceContext<MessagesDb>, _state: unknown, userId: string) {
  const db = ctx.db;
  const messages = await db
    .selectFrom('messages')
    .select(['id', 'channel_id', 'community_id', 'content', 'reply_to_id', 'created_at', 'edited_at'])
    .where('author_id', '=', userId)
    .orderBy('id')
    .execute();
  const edits = messages.length
    ? await db
        .selectFrom('message_edits')
        .selectAll()
        .where(
          'message_id',
          'in',
          messages.map((message) => message.id),
        )
        .orderBy('version')
        .execute()
    : [];
  const reactions = await db
    .selectFrom('reactions')
    .select(['message_id', 'emoji', 'created_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
  const blocks = await db
    .selectFrom('blocks')
    .select(['blocked_id', 'created_at'])
    .where('blocker_id', '=', userId)
    .execute();
  const dms = await db
    .selectFrom('dm_participants')
    .select('channel_id')
    .where('user_id', '=', userId)
    .execute();
  return {
    messages: messages.map((message) => ({
      id: message.id,
      channelId: message.channel_id,
      communityId: message.community_id,
      content: message.content,
      replyToId: message.reply_to_id,
      createdAt: message.created_at.toISOString(),
      editedAt: message.edited_at?.toISOString() ?? null,
      previousContents: edits.filter((edit) => edit.message_id === message.id).map((edit) => edit.content),
    })),
    reactions: reactions.map((reaction) => ({
      messageId: reaction.message_id,
      emoji: reaction.emoji,
      reactedAt: reaction.created_at.toISOString(),
    })),
    blocks: blocks.map((block) => ({ userId: block.blocked_id, blockedAt: block.created_at.toISOString() })),
    dmChannelIds: dms.map((dm) => dm.channel_id),
  };
}
