import { Type } from 'typebox';
import { v7 as uuidv7 } from 'uuid';
import { forbidden, secured } from '../../../kernel/auth/auth-guard.ts';
import { ProblemError } from '../../../kernel/errors/problem-error.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp, WriteTransaction } from '../../../kernel/service-module.ts';
import type { Overwrite } from '../../shared/community-permissions.ts';
import { everyoneRoleId, outranksRole, Permission } from '../../shared/community-permissions.ts';
import {
  canSee,
  channelNotFound,
  channelPermissions,
  checkOverwrite,
  checkParent,
  visibleChannels,
} from '../channel-rules.ts';
import {
  Channel,
  ChannelChanges,
  ChannelList,
  ChannelOrder,
  ChannelParams,
  CommunityParams,
  LIMITS,
  NewChannel,
  OverwriteBody,
  OverwriteParams,
} from '../chat-schemas.ts';
import {
  type ChannelRow,
  channelSnapshot,
  findChannel,
  findMemberRules,
  listChannels,
} from '../chat-store.ts';
import type { ChatDb } from '../chat-tables.ts';
import { appendCommunityEvents } from '../community-events.ts';
import { type CommunityScope, changeCommunity, readScope, requireAny } from '../community-scope.ts';

const view = (scope: CommunityScope, row: ChannelRow) => ({
  ...channelSnapshot(row),
  permissions: channelPermissions(scope, row),
});

/** A channel the caller manages: it must exist and be visible to them (else 404), and they need MANAGE_CHANNELS. */
async function managedChannel(tx: WriteTransaction<ChatDb>, scope: CommunityScope, channelId: string) {
  const channel = await findChannel(tx.db, scope.community.id, channelId);
  if (!channel || !canSee(scope, channel)) throw channelNotFound();
  requireAny(scope, Permission.MANAGE_CHANNELS);
  return channel;
}

async function saveChannel(
  tx: WriteTransaction<ChatDb>,
  scope: CommunityScope,
  id: string,
  set: Partial<{
    name: string;
    topic: string;
    parent_id: string | null;
    slowmode_seconds: number;
    position: number;
    overwrites: string;
  }>,
) {
  const row = await tx.db
    .updateTable('channels')
    .set(set)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendCommunityEvents(tx, scope.community.id, {
    type: 'ChannelUpdated',
    data: { communityId: scope.community.id, channel: channelSnapshot(row) },
  });
  return row;
}

/** Channels and categories, their order, slowmode and permission overwrites. */
export function channelRoutes(app: VezaHttp, ctx: ServiceContext<ChatDb>): void {
  app.get(
    '/communities/:communityId/channels',
    {
      schema: {
        summary: 'The channels you can see, in display order',
        ...secured(),
        params: CommunityParams,
        response: { 200: ChannelList, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const scope = await readScope(ctx, request, request.params.communityId);
      const channels = visibleChannels(scope, await listChannels(ctx.db, scope.community.id));
      return { items: channels.map((row) => view(scope, row)) };
    },
  );

  app.post(
    '/communities/:communityId/channels',
    {
      schema: {
        summary:
          'Create a channel or category (MANAGE_CHANNELS); in a category it starts with its overwrites',
        ...secured('chat:participate'),
        params: CommunityParams,
        body: NewChannel,
        response: { 201: Channel, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const created = await changeCommunity(ctx, request, request.params.communityId, async (tx, scope) => {
        requireAny(scope, Permission.MANAGE_CHANNELS);
        const { name, type, topic, parentId, slowmodeSeconds } = request.body;
        const channels = await listChannels(tx.db, scope.community.id);
        if (channels.length >= LIMITS.channels)
          throw new ProblemError(
            409,
            'limit_reached',
            'Too many channels',
            `A community has at most ${LIMITS.channels}`,
          );
        const parent = parentId ? channels.find((channel) => channel.id === parentId) : null;
        checkParent(type, parent);
        const row = await tx.db
          .insertInto('channels')
          .values({
            id: uuidv7(),
            community_id: scope.community.id,
            type,
            name,
            topic: topic ?? '',
            parent_id: parent?.id ?? null,
            position: Math.max(-1, ...channels.map((channel) => channel.position)) + 1,
            slowmode_seconds: slowmodeSeconds ?? 0,
            overwrites: JSON.stringify(parent?.overwrites ?? []),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await appendCommunityEvents(tx, scope.community.id, {
          type: 'ChannelCreated',
          data: { communityId: scope.community.id, channel: channelSnapshot(row) },
        });
        return view(scope, row);
      });
      return reply.code(201).send(created);
    },
  );

  app.patch(
    '/communities/:communityId/channels/:channelId',
    {
      schema: {
        summary: 'Rename a channel, change its topic, category or slowmode (MANAGE_CHANNELS)',
        ...secured('chat:participate'),
        params: ChannelParams,
        body: ChannelChanges,
        response: { 200: Channel, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      changeCommunity(ctx, request, request.params.communityId, async (tx, scope) => {
        const channel = await managedChannel(tx, scope, request.params.channelId);
        const { name, topic, parentId, slowmodeSeconds } = request.body;
        if (parentId !== undefined) {
          const parent = parentId ? await findChannel(tx.db, scope.community.id, parentId) : null;
          checkParent(channel.type, parent);
        }
        const set = {
          ...(name !== undefined ? { name } : {}),
          ...(topic !== undefined ? { topic } : {}),
          ...(parentId !== undefined ? { parent_id: parentId } : {}),
          ...(slowmodeSeconds !== undefined ? { slowmode_seconds: slowmodeSeconds } : {}),
        };
        if (Object.keys(set).length === 0) return view(scope, channel);
        return view(scope, await saveChannel(tx, scope, channel.id, set));
      }),
  );

  app.delete(
    '/communities/:communityId/channels/:channelId',
    {
      schema: {
        summary: 'Delete a channel (a category’s channels move to the top level) (MANAGE_CHANNELS)',
        ...secured('chat:participate'),
        params: ChannelParams,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await changeCommunity(ctx, request, request.params.communityId, async (tx, scope) => {
        const channel = await managedChannel(tx, scope, request.params.channelId);
        const children = await tx.db
          .selectFrom('channels')
          .select('id')
          .where('parent_id', '=', channel.id)
          .orderBy('position')
          .execute();
        for (const child of children) await saveChannel(tx, scope, child.id, { parent_id: null });
        await tx.db.deleteFrom('channels').where('id', '=', channel.id).execute();
        await appendCommunityEvents(tx, scope.community.id, {
          type: 'ChannelDeleted',
          data: { communityId: scope.community.id, channelId: channel.id },
        });
      });
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/communities/:communityId/channel-order',
    {
      schema: {
        summary: 'Reorder every channel of the community (MANAGE_CHANNELS)',
        ...secured('chat:participate'),
        params: CommunityParams,
        body: ChannelOrder,
        response: { 200: ChannelList, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      changeCommunity(ctx, request, request.params.communityId, async (tx, scope) => {
        requireAny(scope, Permission.MANAGE_CHANNELS);
        const channels = await listChannels(tx.db, scope.community.id);
        const wanted = request.body.channelIds;
        const known = new Set(channels.map((channel) => channel.id));
        if (
          wanted.length !== known.size ||
          new Set(wanted).size !== wanted.length ||
          !wanted.every((id) => known.has(id))
        )
          throw new ProblemError(
            400,
            'order_incomplete',
            'Incomplete order',
            'List every channel of the community exactly once',
          );
        const byId = new Map(channels.map((channel) => [channel.id, channel]));
        for (const [position, id] of wanted.entries()) {
          if (byId.get(id)?.position !== position)
            byId.set(id, await saveChannel(tx, scope, id, { position }));
        }
        const ordered = wanted.map((id) => byId.get(id)!);
        return { items: visibleChannels(scope, ordered).map((row) => view(scope, row)) };
      }),
  );

  app.put(
    '/communities/:communityId/channels/:channelId/overwrites/:targetId',
    {
      schema: {
        summary: 'Allow or deny permissions in a channel to a role or a member (MANAGE_ROLES)',
        ...secured('chat:participate'),
        params: OverwriteParams,
        body: OverwriteBody,
        response: { 200: Channel, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      changeCommunity(ctx, request, request.params.communityId, async (tx, scope) => {
        const channel = await findChannel(tx.db, scope.community.id, request.params.channelId);
        if (!channel || !canSee(scope, channel)) throw channelNotFound();
        requireAny(scope, Permission.MANAGE_ROLES);
        const { targetId } = request.params;
        const { targetType, allow, deny } = request.body;
        checkOverwrite(scope, allow, deny);
        await checkTarget(tx, scope, targetType, targetId);
        const overwrites: Overwrite[] = [
          ...channel.overwrites.filter((overwrite) => overwrite.targetId !== targetId),
          { targetType, targetId, allow, deny },
        ];
        return view(
          scope,
          await saveChannel(tx, scope, channel.id, { overwrites: JSON.stringify(overwrites) }),
        );
      }),
  );

  app.delete(
    '/communities/:communityId/channels/:channelId/overwrites/:targetId',
    {
      schema: {
        summary: 'Remove a role’s or member’s overwrite in a channel (MANAGE_ROLES)',
        ...secured('chat:participate'),
        params: OverwriteParams,
        response: { 200: Channel, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      changeCommunity(ctx, request, request.params.communityId, async (tx, scope) => {
        const channel = await findChannel(tx.db, scope.community.id, request.params.channelId);
        if (!channel || !canSee(scope, channel)) throw channelNotFound();
        requireAny(scope, Permission.MANAGE_ROLES);
        const existing = channel.overwrites.find(
          (overwrite) => overwrite.targetId === request.params.targetId,
        );
        if (!existing) return view(scope, channel);
        await checkTarget(tx, scope, existing.targetType, existing.targetId);
        const overwrites = channel.overwrites.filter((overwrite) => overwrite !== existing);
        return view(
          scope,
          await saveChannel(tx, scope, channel.id, { overwrites: JSON.stringify(overwrites) }),
        );
      }),
  );
}

/** An overwrite names a role of the community below the caller's highest (or @everyone), or a member. */
async function checkTarget(
  tx: WriteTransaction<ChatDb>,
  scope: CommunityScope,
  targetType: Overwrite['targetType'],
  targetId: string,
) {
  if (targetType === 'member') {
    if (!(await findMemberRules(tx.db, scope.community.id, targetId)))
      throw new ProblemError(
        400,
        'target_invalid',
        'Unknown member',
        'targetId must be a member of the community',
      );
    return;
  }
  const role = scope.roles.find((candidate) => candidate.id === targetId);
  if (!role)
    throw new ProblemError(400, 'target_invalid', 'Unknown role', 'targetId must be a role of the community');
  if (role.id !== everyoneRoleId(scope.rules) && !outranksRole(scope.rules, scope.member, role))
    throw forbidden('You may only set overwrites for roles below your highest role');
}
