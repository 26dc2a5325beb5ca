import type { Kysely, Selectable } from 'kysely';
import { ProblemError } from '../../kernel/errors/problem-error.ts';
import {
  type ChannelType,
  type CommunityRules,
  effectivePermissions,
  has,
  type MemberRules,
  Permission,
} from '../shared/community-permissions.ts';
import type { MessagesDb } from './message-tables.ts';

export type ChannelRow = Selectable<MessagesDb['channels']>;

/**
 * What a user may do in a channel, from the read model of chat events (community channels) or the DM's
 * participants. A channel the user may not view does not exist for them: 404, never 403, so an id leaks
 * nothing. Categories hold no messages and are not found either.
 */
export interface ChannelAccess {
  channel: ChannelRow;
  /** null for DMs. */
  community: CommunityRules | null;
  /** The caller as a member of the community; null for DMs. */
  member: MemberRules | null;
  permissions: number;
}

/** What a participant may do in a DM or group DM (no one manages another's messages there). */
export const DM_PERMISSIONS =
  Permission.VIEW_CHANNEL |
  Permission.READ_HISTORY |
  Permission.SEND_MESSAGES |
  Permission.ADD_REACTIONS |
  Permission.ATTACH_FILES;

export const channelNotFound = () =>
  new ProblemError(404, 'channel_not_found', 'Channel not found', 'This channel does not exist');

/** The community's rules as the read model holds them: live roles only. */
export async function loadCommunityRules(
  db: Kysely<MessagesDb>,
  communityId: string,
): Promise<CommunityRules | undefined> {
  const community = await db
    .selectFrom('communities')
    .select('owner_id')
    .where('id', '=', communityId)
    .where('deleted', '=', false)
    .executeTakeFirst();
  if (!community) return undefined;
  const roles = await db
    .selectFrom('roles')
    .select(['id', 'permissions', 'position'])
    .where('community_id', '=', communityId)
    .where('deleted', '=', false)
    .execute();
  return { id: communityId, ownerId: community.owner_id, roles };
}

/** A member's rules, with roles that no longer exist left out (a deleted role's overwrites must not apply). */
export const memberRules = (
  community: CommunityRules,
  row: { user_id: string; role_ids: string[]; timed_out_until: Date | null },
): MemberRules => {
  const live = new Set(community.roles.map((role) => role.id));
  return {
    userId: row.user_id,
    roleIds: row.role_ids.filter((id) => live.has(id)),
    timedOutUntil: row.timed_out_until,
  };
};

export const presentMembers = (db: Kysely<MessagesDb>, communityId: string) =>
  db
    .selectFrom('members')
    .select(['user_id', 'role_ids', 'timed_out_until'])
    .where('community_id', '=', communityId)
    .where('present', '=', true);

/**
 * The caller's access to a channel they may view, or 404. With `lock`, the channel's row is locked for the
 * transaction: every write to a channel (its messages, reactions, pins, read states and event stream)
 * happens one transaction at a time.
 */
export async function channelAccess(
  db: Kysely<MessagesDb>,
  channelId: string,
  userId: string,
  options: { lock?: boolean; now?: Date } = {},
): Promise<ChannelAccess> {
  let query = db
    .selectFrom('channels')
    .selectAll()
    .where('id', '=', channelId)
    .where('deleted', '=', false)
    .where('type', '!=', 'category');
  if (options.lock) query = query.forUpdate();
  const channel = await query.executeTakeFirst();
  if (!channel) throw channelNotFound();
  if (channel.community_id === null) {
    const participant = await db
      .selectFrom('dm_participants')
      .select('user_id')
      .where('channel_id', '=', channelId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!participant) throw channelNotFound();
    return { channel, community: null, member: null, permissions: DM_PERMISSIONS };
  }
  const community = await loadCommunityRules(db, channel.community_id);
  const row = community
    ? await presentMembers(db, channel.community_id).where('user_id', '=', userId).executeTakeFirst()
    : undefined;
  if (!community || !row) throw channelNotFound();
  const member = memberRules(community, row);
  const rules = { type: channel.type as ChannelType, overwrites: channel.overwrites };
  const permissions = effectivePermissions(community, member, rules, options.now ?? new Date());
  if (!has(permissions, Permission.VIEW_CHANNEL)) throw channelNotFound();
  return { channel, community, member, permissions };
}

/** 403 unless the caller holds `flag` in the channel. */
export function requirePermission(access: ChannelAccess, flag: number, code: string, detail: string) {
  if (!has(access.permissions, flag)) throw new ProblemError(403, code, 'Forbidden', detail);
}

/** Reading a channel's messages (pages, pins) needs READ_HISTORY besides seeing the channel. */
export const requireHistory = (access: ChannelAccess) =>
  requirePermission(
    access,
    Permission.READ_HISTORY,
    'history_forbidden',
    'You may not read this channel’s history',
  );
