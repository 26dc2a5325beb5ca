import { Type } from 'typebox';
import { requireUser, secured } from '../../../kernel/auth/auth-guard.ts';
import { ROLES } from '../../../kernel/auth/roles.ts';
import { ProblemError } from '../../../kernel/errors/problem-error.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import { lockTarget, refuseSelf } from '../admin-target.ts';
import type { AuthDb } from '../auth-tables.ts';
import type { SessionIssuer } from '../session-issuer.ts';

const RoleParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  role: Type.Union(
    ROLES.map((role) => Type.Literal(role)),
    { description: 'One of the roles in kernel/auth/roles.ts' },
  ),
});

/** Roles are kept in ROLES order, so two accounts with the same roles carry the same claim. */
const ordered = (roles: readonly string[]) => ROLES.filter((role) => roles.includes(role));

/**
 * Granting and revoking roles (admins). Both are idempotent: granting a held role or revoking one not held
 * changes nothing and records nothing. A grant shows in the account's tokens from its next refresh; a
 * revocation ends the account's sessions at once, so a demoted account loses the power immediately.
 */
export function roleRoutes(app: VezaHttp, ctx: ServiceContext<AuthDb>, sessions: SessionIssuer): void {
  app.put(
    '/users/:id/roles/:role',
    {
      schema: {
        tags: ['users'],
        summary: 'Grant a role (effective from the account’s next token refresh)',
        ...secured('roles:grant'),
        params: RoleParams,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { id, role } = request.params;
      await ctx.write(ctx.metadataOf(request), async (tx) => {
        const account = await lockTarget(tx.db, id);
        if (account.roles.includes(role)) return;
        await tx.db
          .updateTable('accounts')
          .set({ roles: ordered([...account.roles, role]) })
          .where('id', '=', id)
          .execute();
        await tx.append(`account-${id}`, 'any', [{ type: 'RoleGranted', data: { role } }]);
      });
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/users/:id/roles/:role',
    {
      schema: {
        tags: ['users'],
        summary: 'Revoke a role (the account’s sessions end at once)',
        ...secured('roles:grant'),
        params: RoleParams,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { id, role } = request.params;
      refuseSelf(
        requireUser(request).sub,
        id,
        'cannot_demote_self',
        'Another administrator has to revoke your roles',
      );
      if (role === 'listener')
        throw new ProblemError(
          409,
          'role_permanent',
          'Role cannot be revoked',
          'Every account holds listener; suspend the account to stop it instead',
        );
      const revoked = await ctx.write(ctx.metadataOf(request), async (tx) => {
        const account = await lockTarget(tx.db, id);
        if (!account.roles.includes(role)) return false;
        await tx.db
          .updateTable('accounts')
          .set({ roles: account.roles.filter((held) => held !== role) })
          .where('id', '=', id)
          .execute();
        await tx.append(`account-${id}`, 'any', [{ type: 'RoleRevoked', data: { role } }]);
        return true;
      });
      // Tokens carry roles: the account's live tokens still claim the revoked one until they are refused.
      if (revoked) await sessions.revokeAll(id, `role ${role} revoked`);
      return reply.code(204).send(null);
    },
  );
}
