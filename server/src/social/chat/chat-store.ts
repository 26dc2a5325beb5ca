import type { Kysely, Selectable } from 'kysely';
import type { ChannelSnapshot, RoleSnapshot } from '../shared/chat-events.ts';
import type { MemberRules } from '../shared/community-permissions.ts';
import type { ChatDb } from './chat-tables.ts';

/** The SQL of the chat service's reads, and the rows-to-snapshot conversions the events carry. */
type Db = Kysely<ChatDb>;
export type CommunityRow = Selectable<ChatDb['communities']>;
export type ChannelRow = Selectable<ChatDb['channels']>;
export type RoleRow = Selectable<ChatDb['roles']>;

export const roleSnapshot = (row: RoleRow): RoleSnapshot => ({
  id: row.id,
  name: row.name,
  permissions: row.permissions,
  position: row.position,
  color: row.color,
});

export const channelSnapshot = (row: ChannelRow): ChannelSnapshot => ({
  id: row.id,
  type: row.type,
  name: row.name,
  topic: row.topic,
  parentId: row.parent_id,
  position: row.position,
  slowmodeSeconds: row.slowmode_seconds,
  overwrites: row.overwrites,
});

export const listRoles = (db: Db, communityId: string) =>
  db.selectFrom('roles').selectAll().where('community_id', '=', communityId).orderBy('position').execute();

export const listChannels = (db: Db, communityId: string) =>
  db
    .selectFrom('channels')
    .selectAll()
    .where('community_id', '=', communityId)
    .orderBy('position')
    .orderBy('id')
    .execute();

export const findChannel = (db: Db, communityId: string, channelId: string) =>
  db
    .selectFrom('channels')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('id', '=', channelId)
    .executeTakeFirst();

export const findRole = (db: Db, communityId: string, roleId: string) =>
  db
    .selectFrom('roles')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('id', '=', roleId)
    .executeTakeFirst();

/** A member's rules (roles and timeout), or undefined when the user is not a member. */
export async function findMemberRules(
  db: Db,
  communityId: string,
  userId: string,
): Promise<MemberRules | undefined> {
  const member = await db
    .selectFrom('members')
    .select(['user_id', 'timed_out_until'])
    .where('community_id', '=', communityId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!member) return undefined;
  const roles = await db
    .selectFrom('member_roles')
    .select('role_id')
    .where('community_id', '=', communityId)
    .where('user_id', '=', userId)
    .execute();
  return { userId, roleIds: roles.map((row) => row.role_id), timedOutUntil: member.timed_out_until };
}

export async function memberCount(db: Db, communityId: string): Promise<number> {
  const row = await db
    .selectFrom('members')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('community_id', '=', communityId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Members after `after` (a user id; ids are time-ordered), with their usernames and roles, plus one; with
 * `only`, just that member.
 */
export async function listMembers(
  db: Db,
  communityId: string,
  after: string | null,
  limit: number,
  only?: string,
) {
  let query = db
    .selectFrom('members')
    .leftJoin('users', 'users.user_id', 'members.user_id')
    .select(['members.user_id', 'members.joined_at', 'members.timed_out_until'])
    .select((eb) => eb.fn.coalesce('users.username', eb.val('')).as('username'))
    .where('members.community_id', '=', communityId);
  if (after) query = query.where('members.user_id', '>', after);
  if (only) query = query.where('members.user_id', '=', only);
  const rows = await query
    .orderBy('members.user_id')
    .limit(limit + 1)
    .execute();
  const roles = rows.length
    ? await db
        .selectFrom('member_roles')
        .select(['user_id', 'role_id'])
        .where('community_id', '=', communityId)
        .where(
          'user_id',
          'in',
          rows.map((row) => row.user_id),
        )
        .execute()
    : [];
  return rows.map((row) => ({
    ...row,
    roleIds: roles.filter((role) => role.user_id === row.user_id).map((role) => role.role_id),
  }));
}
