import { Type } from 'typebox';
import { requireUser, secured } from '../../../kernel/auth/auth-guard.ts';
import { ProblemError } from '../../../kernel/errors/problem-error.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import { requireUsers } from '../direct-messages.ts';
import { BlockList, UserParams } from '../message-schemas.ts';
import type { MessagesDb } from '../message-tables.ts';

/**
 * Blocking: a user you block cannot DM you (nor you them), and their mentions of you notify nothing. Who
 * you block is private: only you see your list.
 */
export function blockRoutes(app: VezaHttp, ctx: ServiceContext<MessagesDb>): void {
  app.get(
    '/messages/blocks',
    {
      schema: {
        summary: 'The users you block',
        ...secured(),
        response: { 200: BlockList, ...problemResponses(401) },
      },
    },
    async (request) => {
      const rows = await ctx.db
        .selectFrom('blocks')
        .select(['blocked_id', 'created_at'])
        .where('blocker_id', '=', requireUser(request).sub)
        .orderBy('created_at')
        .execute();
      return {
        items: rows.map((row) => ({ userId: row.blocked_id, blockedAt: row.created_at.toISOString() })),
      };
    },
  );

  app.put(
    '/messages/blocks/:userId',
    {
      schema: {
        summary: 'Block a user; idempotent',
        ...secured(),
        params: UserParams,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const userId = requireUser(request).sub;
      if (request.params.userId === userId)
        throw new ProblemError(400, 'block_invalid', 'Invalid block', 'You cannot block yourself');
      await requireUsers(ctx.db, [request.params.userId]);
      await ctx.db
        .insertInto('blocks')
        .values({ blocker_id: userId, blocked_id: request.params.userId })
        .onConflict((oc) => oc.doNothing())
        .execute();
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/messages/blocks/:userId',
    {
      schema: {
        summary: 'Unblock a user; idempotent',
        ...secured(),
        params: UserParams,
        response: { 204: Type.Null(), ...problemResponses(400, 401) },
      },
    },
    async (request, reply) => {
      await ctx.db
        .deleteFrom('blocks')
        .where('blocker_id', '=', requireUser(request).sub)
        .where('blocked_id', '=', request.params.userId)
        .execute();
      return reply.code(204).send(null);
    },
  );
}
