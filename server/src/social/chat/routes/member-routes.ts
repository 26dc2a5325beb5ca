import { Type } from 'typebox';
import { forbidden, secured } from '../../../kernel/auth/auth-guard.ts';
import { notFound, ProblemError } from '../../../kernel/errors/problem-error.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp, WriteTransaction } from '../../../kernel/service-module.ts';
import {
  basePermissions,
  has,
  type MemberRules,
  outranksMember,
  Permission,
} from '../../shared/community-permissions.ts';
import {
  BanPage,
  Ban as BanSchema,
  CommunityParams,
  ListQuery,
  Member,
  MemberPage,
  MemberParams,
  Reason,
  ReasonQuery,
  Timeout,
} from '../chat-schemas.ts';
import { findMemberRules, listMembers } from '../chat-store.ts';
import type { ChatDb } from '../chat-tables.ts';
import { appendCommunityEvents } from '../community-events.ts';
import { type CommunityScope, changeCommunity, readScope, requireAny } from '../community-scope.ts';
import { decodeIdCursor, pageOf } from '../id-cursor.ts';

/** Discord's limit: a timeout lasts at most 28 days. */
const MAX_TIMEOUT_MS = 28 * 86_400_000;

/** The member `actor` acts on as a moderator: they exist, and rank below the actor. */
async function moderatedMember(
  tx: WriteTransaction<ChatDb>,
  scope: CommunityScope,
  userId: string,
): Promise<MemberRules> {
  const target = await findMemberRules(tx.db, scope.community.id, userId);
  if (!target) throw notFound('This member');
  if (!outranksMember(scope.rules, scope.member, target))
    throw forbidden('You may only act on members below your highest role (never the owner or yourself)');
  return target;
}

const removeMember = (tx: WriteTransaction<ChatDb>, communityId: string, userId: string) =>
  tx.db
    .deleteFrom('members')
    .where('community_id', '=', communityId)
    .where('user_id', '=', userId)
    .executeTakeFirst();

/** Members (for members only), and moderation: kick, ban, unban, timeout. */
export function memberRoutes(app: VezaHttp, ctx: ServiceContext<ChatDb>): void {
  const memberView = (
    scope: CommunityScope,
    row: {
      user_id: string;
      username: string;
      joined_at: Date;
      timed_out_until: Date | null;
      roleIds: string[];
    },
  ) => ({
    userId: row.user_id,
    username: row.username,
    roleIds: row.roleIds,
    joinedAt: row.joined_at.toISOString(),
    timedOutUntil: row.timed_out_until?.toISOString() ?? null,
    owner: row.user_id === scope.community.owner_id,
  });

  app.get(
    '/communities/:communityId/members',
    {
      schema: {
        summary: 'The members of a community you belong to',
        ...secured(),
        params: CommunityParams,
        querystring: ListQuery,
        response: { 200: MemberPage, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const scope = await readScope(ctx, request, request.params.communityId);
      const limit = request.query.limit ?? 50;
      const rows = await listMembers(ctx.db, scope.community.id, decodeIdCursor(request.query.cursor), limit);
      return pageOf(
        rows,
        limit,
        (row) => row.user_id,
        (row) => memberView(scope, row),
      );
    },
  );

  app.get(
    '/communities/:communityId/members/:userId',
    {
      schema: {
        summary: 'A member, with their roles',
        ...secured(),
        params: MemberParams,
        response: { 200: Member, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const scope = await readScope(ctx, request, request.params.communityId);
      const [row] = await listMembers(ctx.db, scope.community.id, null, 1, request.params.userId);
      if (!row) throw notFound('This member');
      return memberView(scope, row);
    },
  );

  app.delete(
    '/communities/:communityId/members/:userId',
    {
      schema: {
        summary: 'Kick a member (KICK_MEMBERS, below your highest role); they may rejoin with an invite',
        ...secured('chat:participate'),
        params: MemberParams,
        querystring: ReasonQuery,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await changeCommunity(ctx, request, request.params.communityId, async (tx, scope) => {
        requireAny(scope, Permission.KICK_MEMBERS);
        const target = await moderatedMember(tx, scope, request.params.userId);
        await removeMember(tx, scope.community.id, target.userId);
        await appendCommunityEvents(tx, scope.community.id, {
          type: 'MemberKicked',
          data: {
            communityId: scope.community.id,
            userId: target.userId,
            moderatorId: scope.member.userId,
            reason: request.query.reason ?? null,
          },
        });
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/communities/:communityId/bans',
    {
      schema: {
        summary: 'Banned users (BAN_MEMBERS)',
        ...secured(),
        params: CommunityParams,
        querystring: ListQuery,
        response: { 200: BanPage, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const scope = await readScope(ctx, request, request.params.communityId);
      requireAny(scope, Permission.BAN_MEMBERS);
      const limit = request.query.limit ?? 50;
      const after = decodeIdCursor(request.query.cursor);
      let query = ctx.db
        .selectFrom('bans')
        .leftJoin('users', 'users.user_id', 'bans.user_id')
        .selectAll('bans')
        .select((eb) => eb.fn.coalesce('users.username', eb.val('')).as('username'))
        .where('bans.community_id', '=', scope.community.id);
      if (after) query = query.where('bans.user_id', '>', after);
      const rows = await query
        .orderBy('bans.user_id')
        .limit(limit + 1)
        .execute();
      return pageOf(
        rows,
        limit,
        (row) => row.user_id,
        (row) => ({
          userId: row.user_id,
          username: row.username,
          moderatorId: row.moderator_id,
          reason: row.reason,
          createdAt: row.created_at.toISOString(),
        }),
      );
    },
  );

  app.put(
    '/communities/:communityId/bans/:userId',
    {
      schema: {
        summary: 'Ban a user: a member is removed, and no one banned may join again (BAN_MEMBERS, hierarchy)',
        ...secured('chat:participate'),
        params: MemberParams,
        body: Reason,
        response: { 200: BanSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      changeCommunity(ctx, request, request.params.communityId, async (tx, scope) => {
        requireAny(scope, Permission.BAN_MEMBERS);
        const { userId } = request.params;
        const reason = request.body.reason ?? null;
        const member = await findMemberRules(tx.db, scope.community.id, userId);
        if (member) await moderatedMember(tx, scope, userId);
        else if (userId === scope.member.userId || userId === scope.community.owner_id)
          throw forbidden('You may not ban this user');
        const row = await tx.db
          .insertInto('bans')
          .values({
            community_id: scope.community.id,
            user_id: userId,
            moderator_id: scope.member.userId,
            reason,
          })
          .onConflict((oc) =>
            oc
              .columns(['community_id', 'user_id'])
              .doUpdateSet({ moderator_id: scope.member.userId, reason }),
          )
          .returningAll()
          .executeTakeFirstOrThrow();
        if (member) await removeMember(tx, scope.community.id, userId);
        await appendCommunityEvents(tx, scope.community.id, {
          type: 'MemberBanned',
          data: {
            communityId: scope.community.id,
            userId,
            moderatorId: scope.member.userId,
            reason,
            wasMember: member !== undefined,
          },
        });
        const user = await tx.db
          .selectFrom('users')
          .select('username')
          .where('user_id', '=', userId)
          .executeTakeFirst();
        return {
          userId,
          username: user?.username ?? '',
          moderatorId: row.moderator_id,
          reason: row.reason,
          createdAt: row.created_at.toISOString(),
        };
      }),
  );

  app.delete(
    '/communities/:communityId/bans/:userId',
    {
      schema: {
        summary: 'Lift a ban (BAN_MEMBERS); the user may join again with an invite',
        ...secured('chat:participate'),
        params: MemberParams,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await changeCommunity(ctx, request, request.params.communityId, async (tx, scope) => {
        requireAny(scope, Permission.BAN_MEMBERS);
        const removed = await tx.db
          .deleteFrom('bans')
          .where('community_id', '=', scope.community.id)
          .where('user_id', '=', request.params.userId)
          .executeTakeFirst();
        if (removed.numDeletedRows === 0n) throw notFound('This ban');
        await appendCommunityEvents(tx, scope.community.id, {
          type: 'MemberUnbanned',
          data: {
            communityId: scope.community.id,
            userId: request.params.userId,
            moderatorId: scope.member.userId,
          },
        });
      });
      return reply.code(204).send(null);
    },
  );

  const setTimeout = async (
    tx: WriteTransaction<ChatDb>,
    scope: CommunityScope,
    userId: string,
    until: Date | null,
    reason: string | null,
  ) => {
    requireAny(scope, Permission.MODERATE_MEMBERS);
    const target = await moderatedMember(tx, scope, userId);
    if (has(basePermissions(scope.rules, target), Permission.ADMINISTRATOR))
      throw forbidden('Administrators cannot be timed out');
    await tx.db
      .updateTable('members')
      .set({ timed_out_until: until })
      .where('community_id', '=', scope.community.id)
      .where('user_id', '=', userId)
      .execute();
    await appendCommunityEvents(tx, scope.community.id, {
      type: 'MemberTimedOut',
      data: {
        communityId: scope.community.id,
        userId,
        moderatorId: scope.member.userId,
        until: until?.toISOString() ?? null,
        reason,
      },
    });
  };

  app.put(
    '/communities/:communityId/members/:userId/timeout',
    {
      schema: {
        summary:
          'Time a member out until a time: they can read but not send or react (MODERATE_MEMBERS, hierarchy)',
        ...secured('chat:participate'),
        params: MemberParams,
        body: Timeout,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const until = new Date(request.body.until);
      const ahead = until.getTime() - Date.now();
      if (!(ahead > 0 && ahead <= MAX_TIMEOUT_MS))
        throw new ProblemError(
          400,
          'timeout_invalid',
          'Invalid timeout',
          'until must be in the future and at most 28 days ahead',
        );
      await changeCommunity(ctx, request, request.params.communityId, (tx, scope) =>
        setTimeout(tx, scope, request.params.userId, until, request.body.reason ?? null),
      );
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/communities/:communityId/members/:userId/timeout',
    {
      schema: {
        summary: 'Lift a member’s timeout (MODERATE_MEMBERS, hierarchy)',
        ...secured('chat:participate'),
        params: MemberParams,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await changeCommunity(ctx, request, request.params.communityId, (tx, scope) =>
        setTimeout(tx, scope, request.params.userId, null, null),
      );
      return reply.code(204).send(null);
    },
  );
}
