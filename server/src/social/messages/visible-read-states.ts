import type { Kysely } from 'kysely';
import { type ChannelType, effectivePermissions, has, Permission } from '../shared/community-permissions.ts';
import { loadCommunityRules, memberRules, presentMembers } from './channel-access.ts';
import type { MessagesDb } from './message-tables.ts';

/** The user's read state in every channel they can view now (communities they are in, and their DMs). */
export async function visibleReadStates(db: Kysely<MessagesDb>, userId: string, now: Date = new Date()) {
  const rows = await db
    .selectFrom('read_states')
    .innerJoin('channels', 'channels.id', 'read_states.channel_id')
    .select([
      'read_states.channel_id',
      'read_states.last_read_message_id',
      'read_states.unread_count',
      'read_states.mention_count',
      'channels.community_id',
      'channels.type',
      'channels.overwrites',
      'channels.last_message_id',
    ])
    .where('read_states.user_id', '=', userId)
    .where('channels.deleted', '=', false)
    .orderBy('channels.community_id')
    .orderBy('read_states.channel_id')
    .execute();
  const communityIds = [...new Set(rows.flatMap((row) => (row.community_id ? [row.community_id] : [])))];
  const access = new Map<
    string,
    (type: ChannelType, overwrites: (typeof rows)[number]['overwrites']) => boolean
  >();
  for (const communityId of communityIds) {
    const community = await loadCommunityRules(db, communityId);
    const member = community
      ? await presentMembers(db, communityId).where('user_id', '=', userId).executeTakeFirst()
      : undefined;
    access.set(communityId, (type, overwrites) =>
      community && member
        ? has(
            effectivePermissions(community, memberRules(community, member), { type, overwrites }, now),
            Permission.VIEW_CHANNEL,
          )
        : false,
    );
  }
  return rows
    .filter(
      (row) => !row.community_id || access.get(row.community_id)!(row.type as ChannelType, row.overwrites),
    )
    .map((row) => ({
      channelId: row.channel_id,
      communityId: row.community_id,
      lastReadMessageId: row.last_read_message_id,
      lastMessageId: row.last_message_id,
      unreadCount: row.unread_count,
      mentionCount: row.mention_count,
    }));
}
