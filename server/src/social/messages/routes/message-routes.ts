import { Type } from 'typebox';
import { requireUser, secured } from '../../../kernel/auth/auth-guard.ts';
import { ProblemError } from '../../../kernel/errors/problem-error.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import { has, Permission } from '../../shared/community-permissions.ts';
import { channelAccess, requireHistory } from '../channel-access.ts';
import { deleteMessage, editMessage, visibleMessage } from '../message-changes.ts';
import { messagePage } from '../message-pages.ts';
import {
  ChannelParams,
  Message,
  MessageEdit,
  MessageEditList,
  MessageList,
  MessageParams,
  NewMessage,
  PageQuery,
} from '../message-schemas.ts';
import { findMessage } from '../message-store.ts';
import type { MessagesDb } from '../message-tables.ts';
import { sendMessage } from '../send-message.ts';
import { viewMessages } from './message-view.ts';

/** 4,000 characters are at most 24 KiB of JSON (\u escapes); beyond this a body is refused with 413. */
const MESSAGE_BODY_LIMIT = 32 * 1024;

/** Sending, reading, editing and deleting messages of a channel (community or DM). */
export function messageRoutes(app: VezaHttp, ctx: ServiceContext<MessagesDb>): void {
  app.get(
    '/messages/channels/:channelId',
    {
      schema: {
        summary: 'A page of the channel’s messages, oldest first (before / after / around a message id)',
        ...secured(),
        params: ChannelParams,
        querystring: PageQuery,
        response: { 200: MessageList, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const userId = requireUser(request).sub;
      const access = await channelAccess(ctx.db, request.params.channelId, userId);
      requireHistory(access);
      const { before, after, around, limit = 50 } = request.query;
      const rows = await messagePage(ctx.db, access.channel.id, { before, after, around, limit });
      return { items: await viewMessages(ctx.db, rows, userId) };
    },
  );

  app.post(
    '/messages/channels/:channelId',
    {
      bodyLimit: MESSAGE_BODY_LIMIT,
      schema: {
        summary: 'Send a message (SEND_MESSAGES; slowmode; announcement channels need MANAGE_MESSAGES)',
        ...secured('chat:participate'),
        params: ChannelParams,
        body: NewMessage,
        response: { 201: Message, ...problemResponses(400, 401, 403, 404, 413, 429) },
      },
    },
    async (request, reply) => {
      const userId = requireUser(request).sub;
      const message = await ctx.write(ctx.metadataOf(request), async (tx) => {
        const access = await channelAccess(tx.db, request.params.channelId, userId, { lock: true });
        return sendMessage(tx, access, userId, request.body);
      });
      return reply.code(201).send({ ...message, reactions: [] });
    },
  );

  app.get(
    '/messages/:messageId',
    {
      schema: {
        summary: 'One message',
        ...secured(),
        params: MessageParams,
        response: { 200: Message, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const userId = requireUser(request).sub;
      const { row } = await visibleMessage(ctx.db, request.params.messageId, userId);
      const [view] = await viewMessages(ctx.db, [row], userId);
      return view!;
    },
  );

  app.patch(
    '/messages/:messageId',
    {
      bodyLimit: MESSAGE_BODY_LIMIT,
      schema: {
        summary: 'Edit your message (the previous content is kept)',
        ...secured('chat:participate'),
        params: MessageParams,
        body: MessageEdit,
        response: { 200: Message, ...problemResponses(400, 401, 403, 404, 413) },
      },
    },
    async (request) => {
      const userId = requireUser(request).sub;
      await ctx.write(ctx.metadataOf(request), (tx) =>
        editMessage(tx, request.params.messageId, userId, request.body.content),
      );
      const [view] = await viewMessages(
        ctx.db,
        [(await findMessage(ctx.db, request.params.messageId))!],
        userId,
      );
      return view!;
    },
  );

  app.delete(
    '/messages/:messageId',
    {
      schema: {
        summary: 'Delete a message (its author, or MANAGE_MESSAGES)',
        ...secured('chat:participate'),
        params: MessageParams,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const userId = requireUser(request).sub;
      await ctx.write(ctx.metadataOf(request), (tx) => deleteMessage(tx, request.params.messageId, userId));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/messages/:messageId/edits',
    {
      schema: {
        summary: 'The previous contents of a message, oldest first (its author, or MANAGE_MESSAGES)',
        ...secured(),
        params: MessageParams,
        response: { 200: MessageEditList, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const userId = requireUser(request).sub;
      const { access, row } = await visibleMessage(ctx.db, request.params.messageId, userId);
      if (row.author_id !== userId && !has(access.permissions, Permission.MANAGE_MESSAGES))
        throw new ProblemError(
          403,
          'edits_forbidden',
          'Forbidden',
          'Only the author and moderators see edits',
        );
      const edits = await ctx.db
        .selectFrom('message_edits')
        .selectAll()
        .where('message_id', '=', row.id)
        .orderBy('version')
        .execute();
      return {
        items: edits.map((edit) => ({
          version: edit.version,
          content: edit.content,
          replacedAt: edit.replaced_at.toISOString(),
        })),
      };
    },
  );
}
