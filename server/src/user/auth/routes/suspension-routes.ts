import { Type } from 'typebox';
import { requireUser, secured } from '../../../kernel/auth/auth-guard.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import { lockTarget, refuseSelf } from '../admin-target.ts';
import type { AuthDb } from '../auth-tables.ts';
import type { SessionIssuer } from '../session-issuer.ts';

const Target = Type.Object({ id: Type.String({ format: 'uuid' }) });
const Suspension = Type.Object(
  {
    reason: Type.String({
      minLength: 1,
      maxLength: 500,
      description: 'Shown to the account owner when they try to sign in; recorded in the audit trail',
    }),
  },
  { additionalProperties: false },
);

/**
 * Suspending and restoring accounts (admins). A suspension ends every session at once (access tokens are
 * refused through the revocation list) and refuses sign-in and refresh with `account_suspended` until the
 * account is restored. Repeating either is harmless and records nothing new.
 */
export function suspensionRoutes(app: VezaHttp, ctx: ServiceContext<AuthDb>, sessions: SessionIssuer): void {
  app.post(
    '/users/:id/suspend',
    {
      schema: {
        tags: ['users'],
        summary: 'Suspend an account: its sessions end and it cannot sign in',
        ...secured('users:manage'),
        params: Target,
        body: Suspension,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      refuseSelf(requireUser(request).sub, id, 'cannot_suspend_self', 'Another administrator has to do it');
      const reason = request.body.reason.trim();
      await ctx.write(ctx.metadataOf(request), async (tx) => {
        const account = await lockTarget(tx.db, id);
        if (account.status === 'suspended') return;
        await tx.db
          .updateTable('accounts')
          .set({ status: 'suspended', suspended_reason: reason })
          .where('id', '=', id)
          .execute();
        await tx.append(`account-${id}`, 'any', [{ type: 'UserSuspended', data: { reason } }]);
      });
      // Also when it was suspended already: sessions that slipped through (a crash after the commit) end now.
      await sessions.revokeAll(id, 'account suspended');
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/users/:id/restore',
    {
      schema: {
        tags: ['users'],
        summary: 'Lift a suspension (the owner signs in again)',
        ...secured('users:manage'),
        params: Target,
        response: { 204: Type.Null(), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      await ctx.write(ctx.metadataOf(request), async (tx) => {
        const account = await lockTarget(tx.db, id);
        if (account.status === 'active') return;
        await tx.db
          .updateTable('accounts')
          .set({ status: 'active', suspended_reason: null })
          .where('id', '=', id)
          .execute();
        await tx.append(`account-${id}`, 'any', [{ type: 'UserRestored', data: {} }]);
      });
      return reply.code(204).send(null);
    },
  );
}
