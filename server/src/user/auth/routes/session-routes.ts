import { Type } from 'typebox';
import { requireUser, secured } from '../../../kernel/auth/auth-guard.ts';
import { notFound } from '../../../kernel/errors/problem-error.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import type { AuthDb } from '../auth-tables.ts';
import type { SessionIssuer } from '../session-issuer.ts';

const SessionView = Type.Object({
  id: Type.String(),
  device: Type.String(),
  ip: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.String({ format: 'date-time' }),
  current: Type.Boolean(),
});

/** The signed-in account's sessions (devices), and ending one from another device. */
export function sessionRoutes(app: VezaHttp, ctx: ServiceContext<AuthDb>, sessions: SessionIssuer): void {
  app.get(
    '/auth/sessions',
    {
      schema: {
        tags: ['auth'],
        summary: 'Active sessions of the signed-in account',
        ...secured(),
        response: { 200: Type.Object({ items: Type.Array(SessionView) }), ...problemResponses(401) },
      },
    },
    async (request) => {
      const auth = requireUser(request);
      const rows = await ctx.db
        .selectFrom('sessions')
        .selectAll()
        .where('account_id', '=', auth.sub)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', new Date())
        .orderBy('last_seen_at', 'desc')
        .execute();
      return {
        items: rows.map((row) => ({
          id: row.id,
          device: row.device,
          ip: row.ip,
          createdAt: row.created_at.toISOString(),
          lastSeenAt: row.last_seen_at.toISOString(),
          current: row.id === auth.sid,
        })),
      };
    },
  );

  app.delete(
    '/auth/sessions/:id',
    {
      schema: {
        tags: ['auth'],
        summary: 'End one of your sessions',
        ...secured(),
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null(), ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => {
      const auth = requireUser(request);
      const owned = await ctx.db
        .selectFrom('sessions')
        .select('id')
        .where('id', '=', request.params.id)
        .where('account_id', '=', auth.sub)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      // Another account's session is "not found": its existence is none of the caller's business.
      if (!owned) throw notFound('This session');
      await sessions.revoke(owned.id, 'revoked by owner');
      return reply.code(204).send(null);
    },
  );
}
