import { Type } from 'typebox';
import { requireUser, secured } from '../../../kernel/auth/auth-guard.ts';
import { ProblemError } from '../../../kernel/errors/problem-error.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import { emailHash } from '../account-email.ts';
import { checkEmail, normalizeEmail } from '../account-rules.ts';
import { LIMITS } from '../auth-limits.ts';
import { changeEmailMail, publicBase } from '../auth-mail.ts';
import type { AuthState } from '../auth-state.ts';
import type { AuthDb } from '../auth-tables.ts';
import { issueLink, LINK_MINUTES } from '../one-time-links.ts';
import { reauthenticate } from '../reauthentication.ts';

const ChangeEmail = Type.Object(
  {
    password: Type.String({ minLength: 1, maxLength: 1024 }),
    newEmail: Type.String({ minLength: 3, maxLength: 254 }),
  },
  { additionalProperties: false },
);
const Accepted = Type.Object({ status: Type.Literal('confirmation_sent') });

/** The pending address travels in the link's row, encrypted and bound to the account (verify-email reads it). */
export const pendingEmailContext = (accountId: string) => `one_time_tokens.email:${accountId}`;

/**
 * Changing the email: the password is asked again, and the change happens only when the new address
 * proves it receives mail (verify-email with a `change-email` link, which also warns the old address).
 */
export function emailChangeRoutes(app: VezaHttp, ctx: ServiceContext<AuthDb>, state: AuthState): void {
  app.post(
    '/auth/email',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change the email (the password is required); a confirmation link goes to the new address',
        ...secured(),
        body: ChangeEmail,
        response: { 202: Accepted, ...problemResponses(400, 401, 404, 429) },
      },
    },
    async (request, reply) => {
      const auth = requireUser(request);
      const newEmail = normalizeEmail(request.body.newEmail);
      checkEmail(newEmail);
      const account = await reauthenticate(ctx.db, state, auth.sub, request.body.password);
      const hash = emailHash(state.cipher, newEmail);
      if (hash === account.email_hash)
        throw new ProblemError(
          400,
          'email_unchanged',
          'Same email',
          'This is already the email of your account',
        );
      // Counted before looking the address up, so the budget cannot tell a taken address from a free one.
      await state.limiter.hit(LIMITS.changeEmailAccount, account.id);
      const owner = await ctx.db
        .selectFrom('accounts')
        .select('id')
        .where('email_hash', '=', hash)
        .executeTakeFirst();
      const link = await ctx.db.transaction().execute(async (trx) => {
        // Only the newest request can be confirmed; earlier links (perhaps to a mistyped address) die,
        // whatever the new address, or a surviving old link would tell that the new one is taken.
        await trx
          .updateTable('one_time_tokens')
          .set({ used_at: new Date() })
          .where('account_id', '=', account.id)
          .where('purpose', '=', 'change-email')
          .where('used_at', 'is', null)
          .execute();
        // An address that belongs to another account gets nothing, and the caller the same answer: the
        // endpoint must not become a way to test which addresses are registered.
        if (owner) return null;
        return issueLink(
          trx,
          account.id,
          'change-email',
          state.cipher.encrypt(newEmail, pendingEmailContext(account.id)),
        );
      });
      if (link) {
        const base = publicBase(ctx.config, request);
        await ctx.mail.send(
          changeEmailMail(newEmail, `${base}/verify-email?token=${link}`, LINK_MINUTES['change-email']),
        );
      }
      return reply.code(202).send({ status: 'confirmation_sent' as const });
    },
  );
}
