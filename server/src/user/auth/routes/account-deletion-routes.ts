import { Type } from 'typebox';
import { requireUser, secured } from '../../../kernel/auth/auth-guard.ts';
import { notFound, ProblemError } from '../../../kernel/errors/problem-error.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import type { AuthState } from '../auth-state.ts';
import type { AuthDb } from '../auth-tables.ts';
import { verifyPassword } from '../password-hasher.ts';
import { confirmSecondFactor, countReauthFailure, guardReauth } from '../reauthentication.ts';
import { clearSession } from '../session-delivery.ts';

const Confirmation = Type.Object(
  {
    password: Type.Optional(
      Type.String({ minLength: 1, maxLength: 1024, description: 'Required when the account has a password' }),
    ),
    totp: Type.Optional(
      Type.String({ minLength: 1, maxLength: 12, description: 'Required when two-factor is on' }),
    ),
    recoveryCode: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'Instead of totp, for a lost authenticator' }),
    ),
  },
  { additionalProperties: false },
);

/** An account with neither a password nor 2FA (provider sign-in only) proves itself by a fresh sign-in. */
const FRESH_SIGN_IN_MS = 10 * 60_000;

const passwordRefused = (detail: string) =>
  new ProblemError(401, 'credentials_invalid', 'Wrong password', detail);

/**
 * Deleting one's own account. The row goes (sessions, tokens, codes and linked providers cascade with it)
 * and `UserDeleted` is appended in the same transaction: other services delete their part when they
 * consume it. The account's stream stays as the audit trail; it holds no email address or secret.
 */
export function accountDeletionRoutes(app: VezaHttp, ctx: ServiceContext<AuthDb>, state: AuthState): void {
  app.post(
    '/users/me/delete',
    {
      schema: {
        tags: ['users'],
        summary: 'Delete your account for good (password, and a 2FA code when enabled, confirm it)',
        ...secured(),
        body: Type.Union([Confirmation, Type.Null()], {
          description: 'May be empty for an account with neither a password nor two-factor',
        }),
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const auth = requireUser(request);
      const given = request.body ?? {};
      await guardReauth(state, auth.sub);
      const account = await ctx.db
        .selectFrom('accounts')
        .selectAll()
        .where('id', '=', auth.sub)
        .executeTakeFirst();
      if (!account) throw notFound('This account');
      if (account.password_hash) {
        if (!given.password) throw passwordRefused('Enter your password to confirm');
        if (!(await verifyPassword(account.password_hash, given.password))) {
          await countReauthFailure(state, account.id);
          throw passwordRefused('The password you entered is incorrect');
        }
      } else if (!account.totp_enabled_at) {
        const session = await ctx.db
          .selectFrom('sessions')
          .select('created_at')
          .where('id', '=', auth.sid)
          .executeTakeFirst();
        if (!session || Date.now() - session.created_at.getTime() > FRESH_SIGN_IN_MS)
          throw new ProblemError(
            401,
            'reauthentication_required',
            'Sign in again to confirm',
            'For your safety, sign in again, then delete the account within 10 minutes',
          );
      }
      const ended = await ctx.write(ctx.metadataOf(request), async (tx) => {
        if (account.totp_enabled_at) {
          // Locked, so one code cannot confirm twice (its step is recorded before the row goes).
          const locked = await tx.db
            .selectFrom('accounts')
            .selectAll()
            .where('id', '=', account.id)
            .forUpdate()
            .executeTakeFirstOrThrow();
          await confirmSecondFactor(tx.db, state, locked, {
            ...(given.totp ? { totp: given.totp } : {}),
            ...(given.recoveryCode ? { recoveryCode: given.recoveryCode } : {}),
          });
        }
        const live = await tx.db
          .selectFrom('sessions')
          .select('id')
          .where('account_id', '=', account.id)
          .where('revoked_at', 'is', null)
          .execute();
        await tx.db.deleteFrom('accounts').where('id', '=', account.id).execute();
        await tx.append(`account-${account.id}`, 'any', [{ type: 'UserDeleted', data: { id: account.id } }]);
        return live.map((session) => session.id);
      });
      // The session rows are gone with the account; their access tokens must be refused everywhere now.
      const at = Math.floor(Date.now() / 1000);
      for (const sid of ended) await ctx.revocations.revoke({ sid, at });
      clearSession(reply);
      return reply.code(204).send(null);
    },
  );
}
