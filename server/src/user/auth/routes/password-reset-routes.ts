import { Type } from 'typebox';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import { decryptEmail, emailHash } from '../account-email.ts';
import { checkPassword, normalizeEmail } from '../account-rules.ts';
import { LIMITS } from '../auth-limits.ts';
import { publicBase, resetMail } from '../auth-mail.ts';
import type { AuthState } from '../auth-state.ts';
import type { AuthDb } from '../auth-tables.ts';
import { consumeLink, issueLink, LINK_MINUTES } from '../one-time-links.ts';
import { hashPassword } from '../password-hasher.ts';
import { storeNewPassword } from '../password-update.ts';
import type { SessionIssuer } from '../session-issuer.ts';

const ResetRequest = Type.Object(
  { email: Type.String({ minLength: 3, maxLength: 254 }) },
  { additionalProperties: false },
);
const ResetConfirm = Type.Object(
  {
    token: Type.String({ minLength: 10, maxLength: 200 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
const Accepted = Type.Object({ status: Type.Literal('reset_sent') });

/**
 * "Forgot password": a link by email, then a new password. The request answers the same whether or not
 * the address has an account, and the per-account budget is spent silently, so neither the answer nor a
 * 429 tells an outsider which addresses are registered.
 */
export function passwordResetRoutes(
  app: VezaHttp,
  ctx: ServiceContext<AuthDb>,
  state: AuthState,
  sessions: SessionIssuer,
): void {
  app.post(
    '/auth/password-reset',
    {
      schema: {
        tags: ['auth'],
        summary: 'Email a password reset link (same answer whether or not the account exists)',
        body: ResetRequest,
        response: { 202: Accepted, ...problemResponses(400, 429) },
      },
    },
    async (request, reply) => {
      await state.limiter.hit(LIMITS.resetIp, request.ip);
      const email = normalizeEmail(request.body.email);
      const account = await ctx.db
        .selectFrom('accounts')
        .select('id')
        .where('email_hash', '=', emailHash(state.cipher, email))
        .executeTakeFirst();
      if (account && (await state.limiter.tryHit(LIMITS.resetAccount, account.id))) {
        const link = await issueLink(ctx.db, account.id, 'reset-password');
        const base = publicBase(ctx.config, request);
        await ctx.mail.send(
          resetMail(email, `${base}/reset-password?token=${link}`, LINK_MINUTES['reset-password']),
        );
      }
      return reply.code(202).send({ status: 'reset_sent' as const });
    },
  );

  app.post(
    '/auth/password-reset/confirm',
    {
      schema: {
        tags: ['auth'],
        summary: 'Set a new password with the token from the reset link; every session ends',
        body: ResetConfirm,
        response: { 204: Type.Null(), ...problemResponses(400, 410, 429) },
      },
    },
    async (request, reply) => {
      // Presenting an emailed link: the same per-IP budget as confirming an address.
      await state.limiter.hit(LIMITS.verifyIp, request.ip);
      const { token, password } = request.body;
      // The link is used up in the same transaction as the new password: a password the rules refuse
      // rolls back, and the person can try another with the same link.
      const accountId = await ctx.write(ctx.metadataOf(request), async (tx) => {
        const link = await consumeLink(tx.db, token, ['reset-password']);
        const account = await tx.db
          .selectFrom('accounts')
          .select(['id', 'username', 'email_enc'])
          .where('id', '=', link.accountId)
          .forUpdate()
          .executeTakeFirstOrThrow();
        const email = await decryptEmail(state.cipher, account.id, account.email_enc);
        checkPassword(password, { username: account.username, email });
        await storeNewPassword(tx, account.id, await hashPassword(password), 'reset');
        return account.id;
      });
      // Whoever knew the old password (perhaps the reason for the reset) is signed out everywhere.
      await sessions.revokeAll(accountId, 'password reset');
      return reply.code(204).send(null);
    },
  );
}
