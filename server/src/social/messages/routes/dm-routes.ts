import { requireUser, secured } from '../../../kernel/auth/auth-guard.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import { listDms, openDm } from '../direct-messages.ts';
import { DmChannel, DmChannelList, NewDm } from '../message-schemas.ts';
import type { MessagesDb } from '../message-tables.ts';

/** DMs and group DMs: channels outside communities, whose messages go through the same routes. */
export function dmRoutes(app: VezaHttp, ctx: ServiceContext<MessagesDb>): void {
  app.post(
    '/messages/dms',
    {
      schema: {
        summary:
          'Open a DM with one user (200 with the existing one) or a group DM with up to 9 others (201)',
        ...secured('chat:participate'),
        body: NewDm,
        response: { 200: DmChannel, 201: DmChannel, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const userId = requireUser(request).sub;
      const { channel, created } = await ctx.write(ctx.metadataOf(request), (tx) =>
        openDm(tx, userId, request.body.userIds, request.body.name ?? null),
      );
      const last = await ctx.db
        .selectFrom('channels')
        .select('last_message_id')
        .where('id', '=', channel.id)
        .executeTakeFirstOrThrow();
      return reply.code(created ? 201 : 200).send({ ...channel, lastMessageId: last.last_message_id });
    },
  );

  app.get(
    '/messages/dms',
    {
      schema: {
        summary: 'Your DMs and group DMs, most recently active first',
        ...secured(),
        response: { 200: DmChannelList, ...problemResponses(401) },
      },
    },
    async (request) => ({ items: await listDms(ctx.db, requireUser(request).sub) }),
  );
}
