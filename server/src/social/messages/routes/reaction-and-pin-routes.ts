import { Type } from 'typebox';
import { requireUser, secured } from '../../../kernel/auth/auth-guard.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import { channelAccess, requireHistory } from '../channel-access.ts';
import { visibleMessage } from '../message-changes.ts';
import {
  ChannelParams,
  Message,
  MessageList,
  MessageParams,
  ReactionParams,
  ReactionUserParams,
  ReactionUsers,
} from '../message-schemas.ts';
import type { MessagesDb } from '../message-tables.ts';
import { addReaction, removeReaction, setPinned } from '../reactions-and-pins.ts';
import { viewMessages } from './message-view.ts';

/** Reactions (per emoji, per user) and pins. */
export function reactionAndPinRoutes(app: VezaHttp, ctx: ServiceContext<MessagesDb>): void {
  app.put(
    '/messages/:messageId/reactions/:emoji',
    {
      schema: {
        summary: 'React with an emoji (ADD_REACTIONS); idempotent',
        ...secured('chat:participate'),
        params: ReactionParams,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const userId = requireUser(request).sub;
      const { messageId, emoji } = request.params;
      await ctx.write(ctx.metadataOf(request), (tx) => addReaction(tx, messageId, userId, emoji));
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/messages/:messageId/reactions/:emoji',
    {
      schema: {
        summary: 'Remove your reaction; idempotent',
        ...secured('chat:participate'),
        params: ReactionParams,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const userId = requireUser(request).sub;
      const { messageId, emoji } = request.params;
      await ctx.write(ctx.metadataOf(request), (tx) => removeReaction(tx, messageId, userId, emoji));
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/messages/:messageId/reactions/:emoji/:userId',
    {
      schema: {
        summary: 'Remove someone’s reaction (yours, or anyone’s with MANAGE_MESSAGES)',
        ...secured('chat:participate'),
        params: ReactionUserParams,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const userId = requireUser(request).sub;
      const { messageId, emoji, userId: ofUserId } = request.params;
      await ctx.write(ctx.metadataOf(request), (tx) =>
        removeReaction(tx, messageId, userId, emoji, ofUserId),
      );
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/messages/:messageId/reactions/:emoji',
    {
      schema: {
        summary: 'Who reacted with an emoji, first first (at most 100)',
        ...secured(),
        params: ReactionParams,
        response: { 200: ReactionUsers, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { row } = await visibleMessage(ctx.db, request.params.messageId, requireUser(request).sub);
      const users = await ctx.db
        .selectFrom('reactions')
        .select(['user_id', 'created_at'])
        .where('message_id', '=', row.id)
        .where('emoji', '=', request.params.emoji)
        .orderBy('created_at')
        .orderBy('user_id')
        .limit(100)
        .execute();
      return {
        items: users.map((user) => ({ userId: user.user_id, reactedAt: user.created_at.toISOString() })),
      };
    },
  );

  for (const pinned of [true, false])
    app.route({
      method: pinned ? 'PUT' : 'DELETE',
      url: '/messages/:messageId/pin',
      schema: {
        summary: pinned
          ? 'Pin a message (MANAGE_MESSAGES; anyone in a DM); idempotent'
          : 'Unpin a message (MANAGE_MESSAGES; anyone in a DM); idempotent',
        ...secured('chat:participate'),
        params: MessageParams,
        response: { 200: Message, ...problemResponses(400, 401, 403, 404, 409) },
      },
      handler: async (request) => {
        const userId = requireUser(request).sub;
        const { messageId } = request.params as { messageId: string };
        const message = await ctx.write(ctx.metadataOf(request), (tx) =>
          setPinned(tx, messageId, userId, pinned),
        );
        const row = await ctx.db
          .selectFrom('messages')
          .selectAll()
          .where('id', '=', message.id)
          .executeTakeFirst();
        return row ? (await viewMessages(ctx.db, [row], userId))[0]! : message;
      },
    });

  app.get(
    '/messages/channels/:channelId/pins',
    {
      schema: {
        summary: 'The channel’s pinned messages, most recently pinned first',
        ...secured(),
        params: ChannelParams,
        response: { 200: MessageList, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const userId = requireUser(request).sub;
      const access = await channelAccess(ctx.db, request.params.channelId, userId);
      requireHistory(access);
      const rows = await ctx.db
        .selectFrom('messages')
        .selectAll()
        .where('channel_id', '=', access.channel.id)
        .where('pinned_at', 'is not', null)
        .orderBy('pinned_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return { items: await viewMessages(ctx.db, rows, userId) };
    },
  );
}
