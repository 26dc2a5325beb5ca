import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { forbidden, requireUser } from '../../kernel/auth/auth-guard.ts';
import { notFound } from '../../kernel/errors/problem-error.ts';
import type { ServiceContext, WriteTransaction } from '../../kernel/service-module.ts';
import {
  basePermissions,
  type CommunityRules,
  has,
  type MemberRules,
  namesOf,
} from '../shared/community-permissions.ts';
import { type CommunityRow, findMemberRules, listRoles, type RoleRow } from './chat-store.ts';
import type { ChatDb } from './chat-tables.ts';

/**
 * A community as seen by one of its members: what every route checks permissions against. Communities
 * are private: to anyone who is not a member, a community does not exist (404, never 403), so an id
 * leaks nothing.
 */
export interface CommunityScope {
  community: CommunityRow;
  roles: RoleRow[];
  rules: CommunityRules;
  /** The caller. */
  member: MemberRules;
  /** The caller's community-wide permissions. */
  permissions: number;
}

const communityNotFound = () => notFound('This community');

/** With `lock`, the community row is locked for the transaction: its writes happen one at a time. */
export async function loadScope(
  db: Kysely<ChatDb>,
  communityId: string,
  userId: string,
  lock = false,
): Promise<CommunityScope> {
  let query = db.selectFrom('communities').selectAll().where('id', '=', communityId);
  if (lock) query = query.forUpdate();
  const community = await query.executeTakeFirst();
  if (!community) throw communityNotFound();
  const member = await findMemberRules(db, communityId, userId);
  if (!member) throw communityNotFound();
  const roles = await listRoles(db, communityId);
  const rules = rulesOf(community, roles);
  return { community, roles, rules, member, permissions: basePermissions(rules, member) };
}

export const rulesOf = (community: CommunityRow, roles: RoleRow[]): CommunityRules => ({
  id: community.id,
  ownerId: community.owner_id,
  roles: roles.map((role) => ({ id: role.id, permissions: role.permissions, position: role.position })),
});

/** The caller's view of a community, for reads. */
export const readScope = (ctx: ServiceContext<ChatDb>, request: FastifyRequest, communityId: string) =>
  loadScope(ctx.db, communityId, requireUser(request).sub);

/** Runs a change to a community in a transaction holding its lock, with the caller's scope. */
export function changeCommunity<T>(
  ctx: ServiceContext<ChatDb>,
  request: FastifyRequest,
  communityId: string,
  work: (tx: WriteTransaction<ChatDb>, scope: CommunityScope) => Promise<T>,
): Promise<T> {
  const userId = requireUser(request).sub;
  return ctx.write(ctx.metadataOf(request), async (tx) =>
    work(tx, await loadScope(tx.db, communityId, userId, true)),
  );
}

/** 403 unless the caller holds one of `flags` community-wide (ADMINISTRATOR and the owner hold all). */
export function requireAny(scope: CommunityScope, ...flags: number[]): void {
  if (flags.some((flag) => has(scope.permissions, flag))) return;
  throw forbidden(`This needs ${flags.flatMap((flag) => namesOf(flag)).join(' or ')} in this community`);
}

export function requireOwner(scope: CommunityScope): void {
  if (scope.member.userId !== scope.community.owner_id)
    throw forbidden('Only the community’s owner may do this');
}
