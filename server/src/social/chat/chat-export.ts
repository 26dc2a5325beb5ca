import type { ServiceContext } from '../../kernel/service-module.ts';
import type { ChatDb } from './chat-tables.ts';

/** An account's part of a data export: the communities it belongs to, owns, and its roles there. */
export async function exportChat(ctx: ServiceContext<ChatDb>, _state: undefined, userId: string) {
  const db = ctx.db;
  const memberships = await db
    .selectFrom('members')
    .innerJoin('communities', 'communities.id', 'members.community_id')
    .select([
      'communities.id',
      'communities.name',
      'communities.owner_id',
      'members.joined_at',
      'members.timed_out_until',
    ])
    .where('members.user_id', '=', userId)
    .orderBy('communities.id')
    .execute();
  const roles = await db
    .selectFrom('member_roles')
    .innerJoin('roles', 'roles.id', 'member_roles.role_id')
    .select(['member_roles.community_id', 'roles.name'])
    .where('member_roles.user_id', '=', userId)
    .execute();
  return {
    communities: memberships.map((row) => ({
      id: row.id,
      name: row.name,
      owner: row.owner_id === userId,
      joinedAt: row.joined_at.toISOString(),
      timedOutUntil: row.timed_out_until?.toISOString() ?? null,
      roles: roles.filter((role) => role.community_id === row.id).map((role) => role.name),
    })),
  };
}
