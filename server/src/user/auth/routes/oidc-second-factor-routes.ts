import { Type } from 'typebox';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import { LIMITS } from '../auth-limits.ts';
import type { AuthState } from '../auth-state.ts';
import type { AuthDb } from '../auth-tables.ts';
import { oidcProblems } from '../oidc/oidc-problems.ts';
import { heldSignIn, releaseHeldSignIn } from '../oidc/oidc-second-factor.ts';
import { verifySecondFactor } from '../second-factor.ts';
import { deliverSession, SessionResponse } from '../session-delivery.ts';
import type { SessionIssuer } from '../session-issuer.ts';

const Code = Type.Object(
  {
    totp: Type.Optional(Type.String({ maxLength: 12 })),
    recoveryCode: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);

/**
 * Finishes a provider sign-in held for a second factor (the callback redirected to
 * `/sign-in?step=two-factor`): the code, then the cookie session.
 */
export function oidcSecondFactorRoutes(
  app: VezaHttp,
  ctx: ServiceContext<AuthDb>,
  state: AuthState,
  sessions: SessionIssuer,
): void {
  app.post(
    '/auth/oidc/second-factor',
    {
      schema: {
        tags: ['auth'],
        summary: 'Give the two-factor code of a provider sign-in; the session comes as cookies',
        body: Code,
        response: { 200: SessionResponse, ...problemResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const accountId = await heldSignIn(ctx.cache, request);
      if (!accountId) throw oidcProblems.nothingHeld();
      await state.limiter.hit(LIMITS.signInAccount, accountId);
      const account = await ctx.db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('accounts')
          .select([
            'id',
            'roles',
            'status',
            'suspended_reason',
            'totp_enabled_at',
            'totp_secret_enc',
            'totp_last_step',
          ])
          .where('id', '=', accountId)
          // Locked so one code cannot be accepted twice by two requests racing.
          .forUpdate()
          .executeTakeFirst();
        if (!row) throw oidcProblems.nothingHeld();
        if (row.status === 'suspended') throw oidcProblems.suspended(row.suspended_reason);
        if (row.totp_enabled_at) await verifySecondFactor(trx, state.cipher, row, request.body);
        return row;
      });
      if (!(await releaseHeldSignIn(ctx.cache, request, reply))) throw oidcProblems.nothingHeld();
      return deliverSession(reply, request, ctx.config, await sessions.start(account, request), 'cookie');
    },
  );
}
