import { Type } from 'typebox';
import { ProblemError } from '../../../kernel/errors/problem-error.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import { decryptEmail, emailHash, encryptEmail } from '../account-email.ts';
import { LIMITS } from '../auth-limits.ts';
import { emailChangedNotice } from '../auth-mail.ts';
import type { AuthState } from '../auth-state.ts';
import type { AuthDb } from '../auth-tables.ts';
import { consumeLink } from '../one-time-links.ts';

const Verified = Type.Object({
  status: Type.Literal('verified'),
  purpose: Type.Union([Type.Literal('verify-email'), Type.Literal('change-email')]),
});

/** Confirms an address from an emailed link: a new account's, or the new address of an email change. */
export function verifyEmailRoutes(app: VezaHttp, ctx: ServiceContext<AuthDb>, state: AuthState): void {
  const adminEmails = new Set(
    (ctx.config.adminEmails ?? '')
      .split(',')
      .filter(Boolean)
      .map((email) => email.toLowerCase()),
  );
  app.post(
    '/auth/verify-email',
    {
      schema: {
        tags: ['auth'],
        summary: 'Confirm an email address with the token from the emailed link',
        body: Type.Object(
          { token: Type.String({ minLength: 10, maxLength: 200 }) },
          { additionalProperties: false },
        ),
        response: { 200: Verified, ...problemResponses(400, 409, 410, 429) },
      },
    },
    async (request) => {
      await state.limiter.hit(LIMITS.verifyIp, request.ip);
      const outcome: { purpose: 'verify-email' | 'change-email'; notify: string | undefined } = await ctx
        .write(ctx.metadataOf(request), async (tx) => {
          const link = await consumeLink(tx.db, request.body.token, ['verify-email', 'change-email']);
          const account = await tx.db
            .selectFrom('accounts')
            .select(['id', 'email_enc', 'roles'])
            .where('id', '=', link.accountId)
            .forUpdate()
            .executeTakeFirstOrThrow();
          const stream = `account-${account.id}`;
          if (link.purpose === 'change-email') {
            const previous = await decryptEmail(state.cipher, account.id, account.email_enc);
            const next = await state.cipher.decrypt(link.payloadEnc!, `one_time_tokens.email:${account.id}`);
            await tx.db
              .updateTable('accounts')
              .set({
                email_enc: encryptEmail(state.cipher, account.id, next),
                email_hash: emailHash(state.cipher, next),
                email_verified_at: new Date(),
              })
              .where('id', '=', account.id)
              .execute();
            await tx.append(stream, 'any', [{ type: 'EmailChanged', data: {} }]);
            return { purpose: 'change-email' as const, notify: previous };
          }
          await tx.db
            .updateTable('accounts')
            .set({ email_verified_at: new Date() })
            .where('id', '=', account.id)
            .execute();
          await tx.append(stream, 'any', [{ type: 'EmailVerified', data: {} }]);
          const email = await decryptEmail(state.cipher, account.id, account.email_enc);
          // Self-hosters name their first admins by email; the role comes with proof of owning the address.
          if (adminEmails.has(email) && !account.roles.includes('admin')) {
            await tx.db
              .updateTable('accounts')
              .set({ roles: [...account.roles, 'admin'] })
              .where('id', '=', account.id)
              .execute();
            await tx.append(stream, 'any', [
              { type: 'RoleGranted', data: { role: 'admin', reason: 'VEZA_ADMIN_EMAILS' } },
            ]);
          }
          return { purpose: 'verify-email' as const, notify: undefined };
        })
        .catch((error: { code?: string }) => {
          // 23505: the new address was claimed by another account after the change was requested. The
          // whole transaction rolled back, link included; only this address's owner holds the link.
          if (error.code === '23505')
            throw new ProblemError(
              409,
              'email_taken',
              'Email in use',
              'This address now belongs to another account',
            );
          throw error;
        });
      if (outcome.notify) await ctx.mail.send(emailChangedNotice(outcome.notify));
      return { status: 'verified' as const, purpose: outcome.purpose };
    },
  );
}
