import { Type } from 'typebox';
import { requireUser, secured } from '../../../kernel/auth/auth-guard.ts';
import { ProblemError } from '../../../kernel/errors/problem-error.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import { encryptPhone } from '../account-phone.ts';
import { LIMITS } from '../auth-limits.ts';
import type { AuthState } from '../auth-state.ts';
import type { AuthDb } from '../auth-tables.ts';
import { verifyPassword } from '../password-hasher.ts';

const E164 = '^\\+[1-9][0-9]{6,14}$';

/**
 * The phone number security alerts go to by SMS (the notifications service sends them). Setting it
 * needs the password: whoever controls the number receives the alerts.
 */
export function phoneRoutes(app: VezaHttp, ctx: ServiceContext<AuthDb>, state: AuthState): void {
  app.put(
    '/users/me/phone',
    {
      schema: {
        tags: ['users'],
        summary: 'Set the phone number for security alerts (E.164, e.g. +33612345678)',
        ...secured(),
        body: Type.Object(
          { phone: Type.String({ pattern: E164 }), password: Type.String({ minLength: 1, maxLength: 1024 }) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...problemResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const auth = requireUser(request);
      await state.limiter.hit(LIMITS.reauthAccount, auth.sub);
      const account = await ctx.db
        .selectFrom('accounts')
        .select(['password_hash'])
        .where('id', '=', auth.sub)
        .executeTakeFirstOrThrow();
      if (!account.password_hash || !(await verifyPassword(account.password_hash, request.body.password)))
        throw new ProblemError(401, 'credentials_invalid', 'Wrong password', 'The password is incorrect');
      await ctx.write(ctx.metadataOf(request), async (tx) => {
        await tx.db
          .updateTable('accounts')
          .set({ phone_enc: encryptPhone(state.cipher, auth.sub, request.body.phone) })
          .where('id', '=', auth.sub)
          .execute();
        await tx.append(`account-${auth.sub}`, 'any', [{ type: 'PhoneChanged', data: {} }]);
      });
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/users/me/phone',
    {
      schema: {
        tags: ['users'],
        summary: 'Remove the phone number',
        ...secured(),
        response: { 204: Type.Null(), ...problemResponses(401) },
      },
    },
    async (request, reply) => {
      const auth = requireUser(request);
      await ctx.write(ctx.metadataOf(request), async (tx) => {
        await tx.db.updateTable('accounts').set({ phone_enc: null }).where('id', '=', auth.sub).execute();
        await tx.append(`account-${auth.sub}`, 'any', [{ type: 'PhoneRemoved', data: {} }]);
      });
      return reply.code(204).send(null);
    },
  );
}
