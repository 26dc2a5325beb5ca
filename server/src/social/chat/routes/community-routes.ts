import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { v7 as uuidv7 } from 'uuid';
import { requireUser, secured } from '../../../kernel/auth/auth-guard.ts';
import { ProblemError } from '../../../kernel/errors/problem-error.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import {
  ALL_PERMISSIONS,
  DEFAULT_EVERYONE_PERMISSIONS,
  Permission,
} from '../../shared/community-permissions.ts';
import {
  CommunityChanges,
  CommunityPage,
  CommunityParams,
  Community as CommunitySchema,
  ListQuery,
  NewCommunity,
  OwnerTransfer,
} from '../chat-schemas.ts';
import {
  type ChannelRow,
  type CommunityRow,
  channelSnapshot,
  findMemberRules,
  memberCount,
  roleSnapshot,
} from '../chat-store.ts';
import type { ChatDb } from '../chat-tables.ts';
import { appendCommunityEvents } from '../community-events.ts';
import { deleteCommunityIn } from '../community-removal.ts';
import { changeCommunity, readScope, requireAny, requireOwner } from '../community-scope.ts';
import { updateCommunity } from '../community-update.ts';
import { decodeIdCursor, pageOf } from '../id-cursor.ts';

const view = (row: CommunityRow, members: number, permissions: number) => ({
  id: row.id,
  name: row.name,
  description: row.description,
  ownerId: row.owner_id,
  memberCount: members,
  permissions,
  createdAt: row.created_at.toISOString(),
});

/** Communities: create (with a default category and text channel), read, edit, transfer, delete, leave. */
export function communityRoutes(app: VezaHttp, ctx: ServiceContext<ChatDb>): void {
  /** The community as the caller sees it (read after any change). */
  const communityResponse = async (request: FastifyRequest & { params: { communityId: string } }) => {
    const scope = await readScope(ctx, request, request.params.communityId);
    return view(scope.community, await memberCount(ctx.db, scope.community.id), scope.permissions);
  };

  app.post(
    '/communities',
    {
      schema: {
        summary: 'Create a community (you become its owner)',
        ...secured('chat:participate'),
        body: NewCommunity,
        response: { 201: CommunitySchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const ownerId = requireUser(request).sub;
      const id = uuidv7();
      const row = await ctx.write(ctx.metadataOf(request), async (tx) => {
        const community = await tx.db
          .insertInto('communities')
          .values({
            id,
            name: request.body.name,
            description: request.body.description ?? '',
            owner_id: ownerId,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const everyone = await tx.db
          .insertInto('roles')
          .values({
            id,
            community_id: id,
            name: '@everyone',
            permissions: DEFAULT_EVERYONE_PERMISSIONS,
            position: 0,
            color: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        const categoryId = uuidv7();
        const channels: ChannelRow[] = await tx.db
          .insertInto('channels')
          .values([
            {
              id: categoryId,
              community_id: id,
              type: 'category',
              name: 'Text',
              topic: '',
              parent_id: null,
              position: 0,
              slowmode_seconds: 0,
              overwrites: '[]',
            },
            {
              id: uuidv7(),
              community_id: id,
              type: 'text',
              name: 'general',
              topic: '',
              parent_id: categoryId,
              position: 1,
              slowmode_seconds: 0,
              overwrites: '[]',
            },
          ])
          .returningAll()
          .execute();
        await tx.db
          .insertInto('members')
          .values({ community_id: id, user_id: ownerId, timed_out_until: null })
          .execute();
        await appendCommunityEvents(
          tx,
          id,
          {
            type: 'CommunityCreated',
            data: { communityId: id, name: community.name, description: community.description, ownerId },
          },
          { type: 'RoleCreated', data: { communityId: id, role: roleSnapshot(everyone) } },
          ...channels.map((channel) => ({
            type: 'ChannelCreated' as const,
            data: { communityId: id, channel: channelSnapshot(channel) },
          })),
          { type: 'MemberJoined', data: { communityId: id, userId: ownerId, inviteCode: null } },
        );
        return community;
      });
      return reply.code(201).send(view(row, 1, ALL_PERMISSIONS));
    },
  );

  app.get(
    '/communities',
    {
      schema: {
        summary: 'The communities you are a member of, oldest first',
        ...secured(),
        querystring: ListQuery,
        response: { 200: CommunityPage, ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      const userId = requireUser(request).sub;
      const limit = request.query.limit ?? 50;
      const after = decodeIdCursor(request.query.cursor);
      let query = ctx.db.selectFrom('members').select('community_id').where('user_id', '=', userId);
      if (after) query = query.where('community_id', '>', after);
      const rows = await query
        .orderBy('community_id')
        .limit(limit + 1)
        .execute();
      const items = [];
      for (const row of rows.slice(0, limit)) {
        const scope = await readScope(ctx, request, row.community_id);
        items.push(view(scope.community, await memberCount(ctx.db, row.community_id), scope.permissions));
      }
      const page = pageOf(
        rows,
        limit,
        (row) => row.community_id,
        (row) => row,
      );
      return { items, nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/communities/:communityId',
    {
      schema: {
        summary: 'A community you are a member of (404 to others)',
        ...secured(),
        params: CommunityParams,
        response: { 200: CommunitySchema, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => communityResponse(request),
  );

  app.patch(
    '/communities/:communityId',
    {
      schema: {
        summary: 'Rename or describe a community (MANAGE_COMMUNITY)',
        ...secured('chat:participate'),
        params: CommunityParams,
        body: CommunityChanges,
        response: { 200: CommunitySchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await changeCommunity(ctx, request, request.params.communityId, async (tx, scope) => {
        requireAny(scope, Permission.MANAGE_COMMUNITY);
        const { name, description } = request.body;
        if (name === undefined && description === undefined) return;
        await updateCommunity(tx, scope.community.id, {
          ...(name !== undefined ? { name } : {}),
          ...(description !== undefined ? { description } : {}),
        });
      });
      return communityResponse(request);
    },
  );

  app.put(
    '/communities/:communityId/owner',
    {
      schema: {
        summary: 'Give the community to another member (owner only)',
        ...secured('chat:participate'),
        params: CommunityParams,
        body: OwnerTransfer,
        response: { 200: CommunitySchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await changeCommunity(ctx, request, request.params.communityId, async (tx, scope) => {
        requireOwner(scope);
        const { userId } = request.body;
        if (!(await findMemberRules(tx.db, scope.community.id, userId)))
          throw new ProblemError(
            400,
            'not_a_member',
            'Not a member',
            'The new owner must be a member of the community',
          );
        await updateCommunity(tx, scope.community.id, { owner_id: userId });
      });
      return communityResponse(request);
    },
  );

  app.delete(
    '/communities/:communityId',
    {
      schema: {
        summary: 'Delete a community and everything in it (owner only)',
        ...secured('chat:participate'),
        params: CommunityParams,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await changeCommunity(ctx, request, request.params.communityId, async (tx, scope) => {
        requireOwner(scope);
        await deleteCommunityIn(tx, scope.community.id);
      });
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/communities/:communityId/members/me',
    {
      schema: {
        summary: 'Leave a community (its owner must transfer or delete it first)',
        ...secured(),
        params: CommunityParams,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      await changeCommunity(ctx, request, request.params.communityId, async (tx, scope) => {
        if (scope.community.owner_id === scope.member.userId)
          throw new ProblemError(
            409,
            'owner_cannot_leave',
            'The owner cannot leave',
            'Transfer the community to another member, or delete it',
          );
        await tx.db
          .deleteFrom('members')
          .where('community_id', '=', scope.community.id)
          .where('user_id', '=', scope.member.userId)
          .execute();
        await appendCommunityEvents(tx, scope.community.id, {
          type: 'MemberLeft',
          data: { communityId: scope.community.id, userId: scope.member.userId, accountDeleted: false },
        });
      });
      return reply.code(204).send(null);
    },
  );
}
