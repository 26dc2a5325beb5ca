import type { Kysely } from 'kysely';
import type { ServiceContext } from '../../kernel/service-module.ts';
import type { GatewayAuthorizer, ReadyStateProvider } from '../gateway/gateway-plugins.ts';
import { type ChannelType, effectivePermissions, has, Permission } from '../shared/community-permissions.ts';
import { loadCommunityRules, memberRules } from './channel-access.ts';
import type { MessagesDb } from './message-tables.ts';
import { visibleReadStates } from './visible-read-states.ts';

/** The gateway topic of a channel's message dispatches (community channel or DM). */
export const channelTopic = (channelId: string) => `channel:${channelId}`;

const VIEW_AND_READ = Permission.VIEW_CHANNEL | Permission.READ_HISTORY;

interface VisibleChannel {
  id: string;
  communityId: string | null;
  type: string;
}

/**
 * Every channel whose messages the user may receive now: community channels where it holds VIEW_CHANNEL
 * and READ_HISTORY (the rule of channel-access.ts over the same read model), and its DMs.
 */
export async function readableChannels(
  db: Kysely<MessagesDb>,
  userId: string,
  now: Date = new Date(),
): Promise<{ communityIds: string[]; channels: VisibleChannel[] }> {
  const memberships = await db
    .selectFrom('members')
    .innerJoin('communities', 'communities.id', 'members.community_id')
    .select(['members.community_id', 'members.user_id', 'members.role_ids', 'members.timed_out_until'])
    .where('members.user_id', '=', userId)
    .where('members.present', '=', true)
    .where('communities.deleted', '=', false)
    .orderBy('members.community_id')
    .execute();
  const communityIds: string[] = [];
  const channels: VisibleChannel[] = [];
  for (const membership of memberships) {
    const community = await loadCommunityRules(db, membership.community_id);
    if (!community) continue;
    communityIds.push(community.id);
    const member = memberRules(community, membership);
    const rows = await db
      .selectFrom('channels')
      .select(['id', 'type', 'overwrites'])
      .where('community_id', '=', community.id)
      .where('deleted', '=', false)
      .where('type', '!=', 'category')
      .orderBy('id')
      .execute();
    for (const row of rows) {
      const rules = { type: row.type as ChannelType, overwrites: row.overwrites };
      if (has(effectivePermissions(community, member, rules, now), VIEW_AND_READ))
        channels.push({ id: row.id, communityId: community.id, type: row.type });
    }
  }
  const dms = await db
    .selectFrom('dm_participants')
    .innerJoin('channels', 'channels.id', 'dm_participants.channel_id')
    .select(['channels.id', 'channels.type'])
    .where('dm_participants.user_id', '=', userId)
    .where('channels.deleted', '=', false)
    .orderBy('channels.id')
    .execute();
  for (const dm of dms) channels.push({ id: dm.id, communityId: null, type: dm.type });
  return { communityIds, channels };
}

export const messagesAuthorizer = (db: Kysely<MessagesDb>): GatewayAuthorizer => ({
  async topicsFor(userId) {
    const { channels } = await readableChannels(db, userId);
    return channels.map((channel) => channelTopic(channel.id));
  },
});

/** READY's `communities` (ids), `channels` (readable now) and `readStates` (as GET /messages/read-states). */
export const messagesReadyProvider =
  (db: Kysely<MessagesDb>): ReadyStateProvider =>
  async (userId) => {
    const { communityIds, channels } = await readableChannels(db, userId);
    return { communities: communityIds, channels, readStates: await visibleReadStates(db, userId) };
  };

/**
 * The gateway reads the messages service's read model in the same process: the messages service links
 * its database here at setup, per namespace (several runtimes can share a Node process in tests), and the
 * gateway asks for the link at its own setup (services start in order: messages before gateway).
 */
const linked = new Map<string, Kysely<MessagesDb>>();

export function linkMessagesToGateway(context: ServiceContext<MessagesDb>): () => void {
  linked.set(context.config.namespace, context.db);
  return () => linked.delete(context.config.namespace);
}

/** The gateway's plugin from the messages service; none (with a warning) when messages is not hosted here. */
export function messagesGatewayPlugins(context: ServiceContext) {
  const db = linked.get(context.config.namespace);
  if (!db) {
    context.logger.warn(
      'the messages service is not in this process: the gateway delivers no channel messages (run them together)',
    );
    return {};
  }
  return { authorizers: [messagesAuthorizer(db)], readyProviders: [messagesReadyProvider(db)] };
}
