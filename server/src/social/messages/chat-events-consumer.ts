import { type Kysely, sql } from 'kysely';
import type { Consumer, ServiceContext, WriteTransaction } from '../../kernel/service-module.ts';
import { signalPermissionsChanged } from '../gateway/gateway-plugins.ts';
import type { ChannelSnapshot, ChatEventData, RoleSnapshot } from '../shared/chat-events.ts';
import type { MessagesDb } from './message-tables.ts';
import { startReading } from './read-states.ts';

type Tx = WriteTransaction<MessagesDb>;

/**
 * Builds the channel access read model (message-tables.ts) from the chat service's events, and keeps the
 * service's own data in step: a member's read states are created when they join (from the channel's newest
 * message: history is not unread) and go when they leave; a deleted channel or community takes its messages.
 *
 * Events may arrive late or twice (at-least-once, retries): each row keeps the community stream version it
 * was written from and only a newer event changes it; deletions leave tombstones.
 *
 * Once committed, a change to who may see what tells the gateway to evaluate the topics of whom it concerns.
 */
export function chatEventsConsumer(context: Pick<ServiceContext<MessagesDb>, 'db' | 'pubsub'>): Consumer {
  return {
    group: 'messages.chat',
    events: ['chat.*'],
    async handle(event, tx: Tx) {
      const version = event.version;
      const data = event.data as { communityId: string };
      if (event.type === 'CommunityDeleted') return deleteCommunity(tx, data.communityId, version);
      const community = await tx.db
        .selectFrom('communities')
        .select('deleted')
        .where('id', '=', data.communityId)
        .executeTakeFirst();
      if (community?.deleted) return;
      switch (event.type) {
        case 'CommunityCreated':
        case 'CommunityUpdated': {
          const { communityId, ownerId } = event.data as ChatEventData['CommunityUpdated'];
          await tx.db
            .insertInto('communities')
            .values({ id: communityId, owner_id: ownerId, version, deleted: false })
            .onConflict((oc) =>
              oc
                .column('id')
                .doUpdateSet({ owner_id: ownerId, version })
                .where('communities.version', '<', version),
            )
            .execute();
          return;
        }
        case 'RoleCreated':
        case 'RoleUpdated':
          return saveRole(tx, data.communityId, (event.data as { role: RoleSnapshot }).role, version);
        case 'RoleDeleted': {
          const { communityId, roleId } = event.data as ChatEventData['RoleDeleted'];
          await tx.db
            .insertInto('roles')
            .values({
              id: roleId,
              community_id: communityId,
              permissions: 0,
              position: 0,
              version,
              deleted: true,
            })
            .onConflict((oc) =>
              oc.column('id').doUpdateSet({ deleted: true, version }).where('roles.version', '<', version),
            )
            .execute();
          return;
        }
        case 'ChannelCreated':
        case 'ChannelUpdated':
          return saveChannel(
            tx,
            data.communityId,
            (event.data as { channel: ChannelSnapshot }).channel,
            version,
          );
        case 'ChannelDeleted': {
          const { channelId } = event.data as ChatEventData['ChannelDeleted'];
          await tx.db
            .insertInto('channels')
            .values({ id: channelId, community_id: data.communityId, type: 'text', version, deleted: true })
            .onConflict((oc) =>
              oc.column('id').doUpdateSet({ deleted: true, version }).where('channels.version', '<', version),
            )
            .execute();
          await deleteChannelData(tx, [channelId]);
          return;
        }
        case 'MemberJoined':
          return memberJoined(tx, data.communityId, (event.data as { userId: string }).userId, version);
        case 'MemberLeft':
        case 'MemberKicked':
          return memberGone(tx, data.communityId, (event.data as { userId: string }).userId, version);
        case 'MemberBanned': {
          const banned = event.data as ChatEventData['MemberBanned'];
          if (banned.wasMember) await memberGone(tx, banned.communityId, banned.userId, version);
          return;
        }
        case 'MemberRolesChanged': {
          const { communityId, userId, roleIds } = event.data as ChatEventData['MemberRolesChanged'];
          return saveMemberAspect(tx, communityId, userId, 'roles_version', version, {
            role_ids: JSON.stringify(roleIds),
          });
        }
        case 'MemberTimedOut': {
          const { communityId, userId, until } = event.data as ChatEventData['MemberTimedOut'];
          return saveMemberAspect(tx, communityId, userId, 'timeout_version', version, {
            timed_out_until: until ? new Date(until) : null,
          });
        }
        // Bans of non-members, unbans and invites change no one's access to a channel.
        default:
          return;
      }
    },
    async afterCommit(event) {
      const users = await concernedUsers(context.db, event.type, event.data as ChatEventPayload);
      if (users === undefined || users.length > 0)
        await signalPermissionsChanged(context.pubsub, users ?? null);
    },
  };
}

type ChatEventPayload = { communityId: string; userId?: string };

/**
 * Whose channel access an applied chat event may have changed: the member for membership and role events,
 * everyone known in the community for role, channel and community changes. Timeouts only take sending.
 */
async function concernedUsers(
  db: Kysely<MessagesDb>,
  type: string,
  data: ChatEventPayload,
): Promise<string[] | undefined> {
  switch (type) {
    case 'MemberJoined':
    case 'MemberLeft':
    case 'MemberKicked':
    case 'MemberBanned':
    case 'MemberRolesChanged':
      return [data.userId!];
    case 'CommunityUpdated':
    case 'CommunityDeleted':
    case 'RoleCreated':
    case 'RoleUpdated':
    case 'RoleDeleted':
    case 'ChannelCreated':
    case 'ChannelUpdated':
    case 'ChannelDeleted': {
      // A deleted community's members are gone from the read model: everyone re-evaluates then.
      if (type === 'CommunityDeleted') return undefined;
      const rows = await db
        .selectFrom('members')
        .select('user_id')
        .where('community_id', '=', data.communityId)
        .where('present', '=', true)
        .execute();
      return rows.map((row) => row.user_id);
    }
    default:
      return [];
  }
}

async function saveRole(tx: Tx, communityId: string, role: RoleSnapshot, version: number) {
  const values = { permissions: role.permissions, position: role.position, version };
  await tx.db
    .insertInto('roles')
    .values({ id: role.id, community_id: communityId, ...values, deleted: false })
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet(values)
        .where('roles.version', '<', version)
        .where('roles.deleted', '=', false),
    )
    .execute();
}

async function saveChannel(tx: Tx, communityId: string, channel: ChannelSnapshot, version: number) {
  const values = {
    type: channel.type,
    slowmode_seconds: channel.slowmodeSeconds,
    overwrites: JSON.stringify(channel.overwrites),
    version,
  };
  const saved = await tx.db
    .insertInto('channels')
    .values({ id: channel.id, community_id: communityId, ...values, deleted: false })
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet(values)
        .where('channels.version', '<', version)
        .where('channels.deleted', '=', false),
    )
    .returning(sql<boolean>`xmax = 0`.as('inserted'))
    .executeTakeFirst();
  if (!saved?.inserted || channel.type === 'category') return;
  // Everyone already in the community starts reading a new channel from its beginning.
  const present = await tx.db
    .selectFrom('members')
    .select('user_id')
    .where('community_id', '=', communityId)
    .where('present', '=', true)
    .execute();
  for (const { user_id } of present) await startReading(tx, user_id, channel.id);
}

/**
 * Sets one aspect of a member (roles or timeout) if `version` is newer than that aspect's; a member not
 * yet known (their join is late) gets a row that the join will mark present.
 */
async function saveMemberAspect(
  tx: Tx,
  communityId: string,
  userId: string,
  aspect: 'roles_version' | 'timeout_version',
  version: number,
  values: { role_ids: string } | { timed_out_until: Date | null },
) {
  await tx.db
    .insertInto('members')
    .values({ community_id: communityId, user_id: userId, present: false, ...values, [aspect]: version })
    .onConflict((oc) =>
      oc
        .columns(['community_id', 'user_id'])
        .doUpdateSet({ ...values, [aspect]: version })
        .where(`members.${aspect}`, '<', version),
    )
    .execute();
}

async function memberJoined(tx: Tx, communityId: string, userId: string, version: number) {
  const joined = await setPresence(tx, communityId, userId, true, version);
  if (!joined) return;
  const channels = await tx.db
    .selectFrom('channels')
    .select('id')
    .where('community_id', '=', communityId)
    .where('deleted', '=', false)
    .where('type', '!=', 'category')
    .execute();
  for (const { id } of channels) await startReading(tx, userId, id);
}

async function memberGone(tx: Tx, communityId: string, userId: string, version: number) {
  const left = await setPresence(tx, communityId, userId, false, version);
  if (!left) return;
  await tx.db
    .deleteFrom('read_states')
    .where('user_id', '=', userId)
    .where('channel_id', 'in', (eb) =>
      eb.selectFrom('channels').select('id').where('community_id', '=', communityId),
    )
    .execute();
}

/**
 * A join or a leave at `version`: whether it changed the membership (false when a newer one was applied).
 * Either way the member has no roles and no timeout as of that version (the chat service drops them with
 * the membership), which newer role or timeout events override.
 */
async function setPresence(tx: Tx, communityId: string, userId: string, present: boolean, version: number) {
  const changed = await tx.db
    .insertInto('members')
    .values({ community_id: communityId, user_id: userId, present, membership_version: version })
    .onConflict((oc) =>
      oc
        .columns(['community_id', 'user_id'])
        .doUpdateSet({ present, membership_version: version })
        .where('members.membership_version', '<', version),
    )
    .returning('user_id')
    .executeTakeFirst();
  await saveMemberAspect(tx, communityId, userId, 'roles_version', version, { role_ids: '[]' });
  await saveMemberAspect(tx, communityId, userId, 'timeout_version', version, { timed_out_until: null });
  return changed !== undefined;
}

async function deleteCommunity(tx: Tx, communityId: string, version: number) {
  await tx.db
    .insertInto('communities')
    .values({ id: communityId, owner_id: communityId, version, deleted: true })
    .onConflict((oc) => oc.column('id').doUpdateSet({ deleted: true, version }))
    .execute();
  const channels = await tx.db
    .updateTable('channels')
    .set({ deleted: true })
    .where('community_id', '=', communityId)
    .returning('id')
    .execute();
  await deleteChannelData(
    tx,
    channels.map((channel) => channel.id),
  );
  await tx.db.deleteFrom('members').where('community_id', '=', communityId).execute();
  await tx.db.deleteFrom('roles').where('community_id', '=', communityId).execute();
}

/** A deleted channel's messages (their edits, mentions and reactions cascade), read states and slowmode marks. */
async function deleteChannelData(tx: Tx, channelIds: string[]) {
  if (channelIds.length === 0) return;
  await tx.db.deleteFrom('messages').where('channel_id', 'in', channelIds).execute();
  await tx.db.deleteFrom('read_states').where('channel_id', 'in', channelIds).execute();
  await tx.db.deleteFrom('last_sends').where('channel_id', 'in', channelIds).execute();
}
