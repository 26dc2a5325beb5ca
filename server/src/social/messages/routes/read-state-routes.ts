import { requireUser, secured } from '../../../kernel/auth/auth-guard.ts';
import { ProblemError } from '../../../kernel/errors/problem-error.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import { channelAccess } from '../channel-access.ts';
import { Ack, ChannelParams, ReadState, ReadStateList } from '../message-schemas.ts';
import type { MessagesDb } from '../message-tables.ts';
import { acknowledge } from '../read-states.ts';
import { visibleReadStates } from '../visible-read-states.ts';

/** Read states: acknowledging a channel up to a message, and every visible channel's counts. */
export function readStateRoutes(app: VezaHttp, ctx: ServiceContext<MessagesDb>): void {
  app.post(
    '/messages/channels/:channelId/ack',
    {
      schema: {
        summary: 'Mark the channel read up to a message (an older one than your read point changes nothing)',
        ...secured(),
        params: ChannelParams,
        body: Ack,
        response: { 200: ReadState, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const userId = requireUser(request).sub;
      return ctx.write(ctx.metadataOf(request), async (tx) => {
        const access = await channelAccess(tx.db, request.params.channelId, userId, { lock: true });
        const message = await tx.db
          .selectFrom('messages')
          .select('id')
          .where('id', '=', request.body.messageId)
          .where('channel_id', '=', access.channel.id)
          .executeTakeFirst();
        // A deleted message is still a valid read point only if it was in this channel: ids are positions.
        if (
          !message &&
          !(access.channel.last_message_id && request.body.messageId <= access.channel.last_message_id)
        )
          throw new ProblemError(
            400,
            'message_unknown',
            'Unknown message',
            'Acknowledge a message of this channel',
          );
        const state = await acknowledge(tx, userId, access.channel.id, request.body.messageId);
        return {
          ...state,
          communityId: access.channel.community_id,
          lastMessageId: access.channel.last_message_id,
        };
      });
    },
  );

  app.get(
    '/messages/read-states',
    {
      schema: {
        summary: 'Your read state (unread and mention counts) in every channel you can see',
        ...secured(),
        response: { 200: ReadStateList, ...problemResponses(401) },
      },
    },
    async (request) => ({ items: await visibleReadStates(ctx.db, requireUser(request).sub) }),
  );
}
