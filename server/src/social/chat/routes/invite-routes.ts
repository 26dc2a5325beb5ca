import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { Type } from 'typebox';
import { requireUser, secured } from '../../../kernel/auth/auth-guard.ts';
import { notFound, ProblemError } from '../../../kernel/errors/problem-error.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import { basePermissions, Permission } from '../../shared/community-permissions.ts';
import {
  Community,
  CommunityParams,
  Invite,
  InviteList,
  InviteParams,
  InvitePreview,
  NewInvite,
} from '../chat-schemas.ts';
import { findMemberRules, listRoles, memberCount } from '../chat-store.ts';
import type { ChatDb } from '../chat-tables.ts';
import { appendCommunityEvents } from '../community-events.ts';
import { changeCommunity, readScope, requireAny, rulesOf } from '../community-scope.ts';

type InviteRow = Selectable<ChatDb['invites']>;

const inviteView = (row: InviteRow) => ({
  code: row.code,
  communityId: row.community_id,
  creatorId: row.creator_id,
  maxUses: row.max_uses,
  uses: row.uses,
  expiresAt: row.expires_at?.toISOString() ?? null,
  createdAt: row.created_at.toISOString(),
});

/** 410 with a stable code when an invite can no longer be used. */
function checkUsable(invite: InviteRow, now: Date): void {
  if (invite.expires_at !== null && invite.expires_at.getTime() <= now.getTime())
    throw new ProblemError(410, 'invite_expired', 'Invite expired', 'Ask for a new invite');
  if (invite.max_uses !== null && invite.uses >= invite.max_uses)
    throw new ProblemError(410, 'invite_used_up', 'Invite used up', 'Ask for a new invite');
}

const findInvite = (db: Kysely<ChatDb>, code: string) =>
  db.selectFrom('invites').selectAll().where('code', '=', code).executeTakeFirst();

/**
 * Invites: the only way into a (private) community. Anyone holding a code sees the community's name and
 * size and may join with it, unless banned; moderators list and revoke them.
 */
export function inviteRoutes(app: VezaHttp, ctx: ServiceContext<ChatDb>): void {
  app.post(
    '/communities/:communityId/invites',
    {
      schema: {
        summary: 'Create an invite (CREATE_INVITE)',
        ...secured('chat:participate'),
        params: CommunityParams,
        body: NewInvite,
        response: { 201: Invite, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const row = await changeCommunity(ctx, request, request.params.communityId, async (tx, scope) => {
        requireAny(scope, Permission.CREATE_INVITE);
        const { maxUses, expiresInSeconds } = request.body;
        const invite = await tx.db
          .insertInto('invites')
          .values({
            code: randomBytes(8).toString('base64url'),
            community_id: scope.community.id,
            creator_id: scope.member.userId,
            max_uses: maxUses ?? null,
            uses: 0,
            expires_at: expiresInSeconds ? new Date(Date.now() + expiresInSeconds * 1000) : null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await appendCommunityEvents(tx, scope.community.id, {
          type: 'InviteCreated',
          data: {
            communityId: scope.community.id,
            code: invite.code,
            creatorId: invite.creator_id,
            maxUses: invite.max_uses,
            expiresAt: invite.expires_at?.toISOString() ?? null,
          },
        });
        return invite;
      });
      return reply.code(201).send(inviteView(row));
    },
  );

  app.get(
    '/communities/:communityId/invites',
    {
      schema: {
        summary: 'The community’s invites, newest first (MANAGE_COMMUNITY)',
        ...secured(),
        params: CommunityParams,
        response: { 200: InviteList, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const scope = await readScope(ctx, request, request.params.communityId);
      requireAny(scope, Permission.MANAGE_COMMUNITY);
      const rows = await ctx.db
        .selectFrom('invites')
        .selectAll()
        .where('community_id', '=', scope.community.id)
        .orderBy('created_at', 'desc')
        .limit(1000)
        .execute();
      return { items: rows.map(inviteView) };
    },
  );

  app.get(
    '/invites/:code',
    {
      schema: {
        summary: 'What an invite leads to: the community’s name and member count',
        params: InviteParams,
        response: { 200: InvitePreview, ...problemResponses(400, 404, 410) },
      },
    },
    async (request) => {
      const invite = await findInvite(ctx.db, request.params.code);
      if (!invite) throw notFound('This invite');
      checkUsable(invite, new Date());
      const community = await ctx.db
        .selectFrom('communities')
        .selectAll()
        .where('id', '=', invite.community_id)
        .executeTakeFirstOrThrow();
      return {
        code: invite.code,
        community: {
          id: community.id,
          name: community.name,
          description: community.description,
          memberCount: await memberCount(ctx.db, community.id),
        },
        expiresAt: invite.expires_at?.toISOString() ?? null,
      };
    },
  );

  app.post(
    '/invites/:code',
    {
      schema: {
        summary: 'Join the community an invite leads to (a member already: nothing changes)',
        ...secured('chat:participate'),
        params: InviteParams,
        response: { 200: Community, ...problemResponses(400, 401, 403, 404, 410) },
      },
    },
    async (request) => {
      const userId = requireUser(request).sub;
      const community = await ctx.write(ctx.metadataOf(request), async (tx) => {
        const found = await findInvite(tx.db, request.params.code);
        if (!found) throw notFound('This invite');
        // The community's lock serialises joins, so two last uses of an invite cannot both pass.
        const community = await tx.db
          .selectFrom('communities')
          .selectAll()
          .where('id', '=', found.community_id)
          .forUpdate()
          .executeTakeFirstOrThrow();
        const invite = (await findInvite(tx.db, request.params.code))!;
        if (await findMemberRules(tx.db, community.id, userId)) return community;
        checkUsable(invite, new Date());
        const banned = await tx.db
          .selectFrom('bans')
          .select('user_id')
          .where('community_id', '=', community.id)
          .where('user_id', '=', userId)
          .executeTakeFirst();
        if (banned) throw new ProblemError(403, 'banned', 'Banned', 'You are banned from this community');
        await tx.db
          .insertInto('members')
          .values({ community_id: community.id, user_id: userId, timed_out_until: null })
          .execute();
        await tx.db
          .updateTable('invites')
          .set({ uses: invite.uses + 1 })
          .where('code', '=', invite.code)
          .execute();
        await appendCommunityEvents(tx, community.id, {
          type: 'MemberJoined',
          data: { communityId: community.id, userId, inviteCode: invite.code },
        });
        return community;
      });
      const rules = rulesOf(community, await listRoles(ctx.db, community.id));
      return {
        id: community.id,
        name: community.name,
        description: community.description,
        ownerId: community.owner_id,
        memberCount: await memberCount(ctx.db, community.id),
        permissions: basePermissions(rules, { userId, roleIds: [], timedOutUntil: null }),
        createdAt: community.created_at.toISOString(),
      };
    },
  );

  app.delete(
    '/invites/:code',
    {
      schema: {
        summary: 'Revoke an invite (its creator, or MANAGE_COMMUNITY)',
        ...secured('chat:participate'),
        params: InviteParams,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const invite = await findInvite(ctx.db, request.params.code);
      if (!invite) throw notFound('This invite');
      await changeCommunity(ctx, request, invite.community_id, async (tx, scope) => {
        if (invite.creator_id !== scope.member.userId) requireAny(scope, Permission.MANAGE_COMMUNITY);
        const removed = await tx.db.deleteFrom('invites').where('code', '=', invite.code).executeTakeFirst();
        if (removed.numDeletedRows === 0n) throw notFound('This invite');
        await appendCommunityEvents(tx, scope.community.id, {
          type: 'InviteDeleted',
          data: { communityId: scope.community.id, code: invite.code },
        });
      });
      return reply.code(204).send(null);
    },
  );
}
