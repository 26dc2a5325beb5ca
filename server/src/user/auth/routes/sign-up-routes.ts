import { Type } from 'typebox';
import { v7 as uuidv7 } from 'uuid';
import { ProblemError } from '../../../kernel/errors/problem-error.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import { emailHash } from '../account-email.ts';
import { checkEmail, checkPassword, checkUsername, normalizeEmail } from '../account-rules.ts';
import { LIMITS } from '../auth-limits.ts';
import { alreadyRegisteredMail, publicBase, verificationMail } from '../auth-mail.ts';
import type { AuthState } from '../auth-state.ts';
import type { AuthDb } from '../auth-tables.ts';
import { newAccount } from '../new-account.ts';
import { issueLink, LINK_MINUTES } from '../one-time-links.ts';
import { hashPassword } from '../password-hasher.ts';

const SignUp = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
const Accepted = Type.Object({ status: Type.String() });
const EmailOnly = Type.Object(
  { email: Type.String({ minLength: 3, maxLength: 254 }) },
  { additionalProperties: false },
);

const usernameTaken = () =>
  new ProblemError(409, 'username_taken', 'Username taken', 'This username is taken; try another');

/** Sign-up and its verification email. An existing email gets the same answer as a new one (no enumeration). */
export function signUpRoutes(app: VezaHttp, ctx: ServiceContext<AuthDb>, state: AuthState): void {
  app.post(
    '/auth/sign-up',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an account; a verification link is emailed',
        body: SignUp,
        response: { 202: Accepted, ...problemResponses(400, 409, 429) },
      },
    },
    async (request, reply) => {
      await state.limiter.hit(LIMITS.signUpIp, request.ip);
      const { username, password } = request.body;
      const email = normalizeEmail(request.body.email);
      checkUsername(username);
      checkEmail(email);
      checkPassword(password, { username, email });
      const base = publicBase(ctx.config, request);
      const existing = await ctx.db
        .selectFrom('accounts')
        .select('id')
        .where('email_hash', '=', emailHash(state.cipher, email))
        .executeTakeFirst();
      if (existing) {
        const taken = await ctx.db
          .selectFrom('accounts')
          .select('id')
          .where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase()))
          .executeTakeFirst();
        if (taken && taken.id !== existing.id) throw usernameTaken();
        await ctx.mail.send(alreadyRegisteredMail(email, `${base}/forgot-password`));
        return reply.code(202).send({ status: 'verification_sent' });
      }
      const id = uuidv7();
      const passwordHash = await hashPassword(password);
      const link = await ctx
        .write(ctx.metadataOf(request), async (tx) => {
          await tx.db
            .insertInto('accounts')
            .values(newAccount(state.cipher, { id, username, email, passwordHash, emailVerified: false }))
            .execute();
          await tx.append(`account-${id}`, 'no_stream', [{ type: 'UserRegistered', data: { id, username } }]);
          return issueLink(tx.db, id, 'verify-email');
        })
        .catch((error: { code?: string; constraint?: string }) => {
          // 23505: a concurrent sign-up took the username (or the email) first.
          if (error.code === '23505') throw usernameTaken();
          throw error;
        });
      await ctx.mail.send(
        verificationMail(email, `${base}/verify-email?token=${link}`, LINK_MINUTES['verify-email']),
      );
      return reply.code(202).send({ status: 'verification_sent' });
    },
  );

  app.post(
    '/auth/verify-email/resend',
    {
      schema: {
        tags: ['auth'],
        summary: 'Email a new verification link (same answer whether or not the account exists)',
        body: EmailOnly,
        response: { 202: Accepted, ...problemResponses(400, 429) },
      },
    },
    async (request, reply) => {
      await state.limiter.hit(LIMITS.verifyIp, request.ip);
      const email = normalizeEmail(request.body.email);
      const hash = emailHash(state.cipher, email);
      const account = await ctx.db
        .selectFrom('accounts')
        .select(['id', 'email_verified_at'])
        .where('email_hash', '=', hash)
        .executeTakeFirst();
      // Over the per-account budget the mail is silently skipped: a 429 would tell that the account exists.
      if (account && !account.email_verified_at && (await state.limiter.tryHit(LIMITS.verifyAccount, hash))) {
        const link = await issueLink(ctx.db, account.id, 'verify-email');
        const base = publicBase(ctx.config, request);
        await ctx.mail.send(
          verificationMail(email, `${base}/verify-email?token=${link}`, LINK_MINUTES['verify-email']),
        );
      }
      return reply.code(202).send({ status: 'verification_sent' });
    },
  );
}
