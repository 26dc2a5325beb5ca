import { timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import '@fastify/cookie';
import { Type } from 'typebox';
import { CSRF_COOKIE, CSRF_HEADER, requireUser, secured } from '../../../kernel/auth/auth-guard.ts';
import { ProblemError } from '../../../kernel/errors/problem-error.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import { emailHash } from '../account-email.ts';
import { LIMITS } from '../auth-limits.ts';
import type { AuthState } from '../auth-state.ts';
import type { AuthDb } from '../auth-tables.ts';
import { burnPasswordCheck, verifyPassword } from '../password-hasher.ts';
import { verifySecondFactor } from '../second-factor.ts';
import {
  clearSession,
  Delivery,
  deliverSession,
  REFRESH_COOKIE,
  SessionResponse,
} from '../session-delivery.ts';
import type { SessionIssuer } from '../session-issuer.ts';
import { signInDelayMs } from '../sign-in-delay.ts';

const SignIn = Type.Object(
  {
    login: Type.String({ minLength: 1, maxLength: 254, description: 'Email or username' }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
    totp: Type.Optional(Type.String({ maxLength: 12 })),
    recoveryCode: Type.Optional(Type.String({ maxLength: 64 })),
    delivery: Delivery,
  },
  { additionalProperties: false },
);
const Refresh = Type.Object(
  { refreshToken: Type.Optional(Type.String({ maxLength: 200 })), delivery: Delivery },
  { additionalProperties: false },
);

const wrongCredentials = () =>
  new ProblemError(401, 'credentials_invalid', 'Sign-in failed', 'Email, username or password is incorrect');

export function signInRoutes(
  app: VezaHttp,
  ctx: ServiceContext<AuthDb>,
  state: AuthState,
  sessions: SessionIssuer,
): void {
  app.post(
    '/auth/sign-in',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with a password (and a second factor when enabled)',
        body: SignIn,
        response: { 200: SessionResponse, ...problemResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const { login, password, delivery } = request.body;
      await state.limiter.hit(LIMITS.signInIp, request.ip);
      const byEmail = login.includes('@');
      const account = await ctx.db
        .selectFrom('accounts')
        .selectAll()
        .where((eb) =>
          byEmail
            ? eb('email_hash', '=', emailHash(state.cipher, login))
            : eb(eb.fn('lower', ['username']), '=', login.trim().toLowerCase()),
        )
        .executeTakeFirst();
      // The per-account budget is keyed by what was typed, so unknown accounts are limited the same way.
      await state.limiter.hit(LIMITS.signInAccount, account?.id ?? `unknown:${login.toLowerCase()}`);
      if (!account) {
        await burnPasswordCheck(password);
        throw wrongCredentials();
      }
      const delay = signInDelayMs(account.failed_sign_ins);
      if (delay > 0) await sleep(delay);
      if (!account.password_hash || !(await verifyPassword(account.password_hash, password))) {
        await ctx.db
          .updateTable('accounts')
          .set((eb) => ({ failed_sign_ins: eb('failed_sign_ins', '+', 1) }))
          .where('id', '=', account.id)
          .execute();
        throw wrongCredentials();
      }
      // Past this point the caller knows the password, so precise reasons give nothing away.
      if (!account.email_verified_at)
        throw new ProblemError(
          403,
          'email_unverified',
          'Email not verified',
          'Open the link we emailed you, or ask for a new one',
        );
      if (account.status === 'suspended')
        throw new ProblemError(
          403,
          'account_suspended',
          'Account suspended',
          account.suspended_reason ?? 'Contact the administrators',
        );
      if (account.totp_enabled_at) {
        await ctx.db
          .transaction()
          .execute((trx) => verifySecondFactor(trx, state.cipher, account, request.body));
      }
      await ctx.db.updateTable('accounts').set({ failed_sign_ins: 0 }).where('id', '=', account.id).execute();
      const session = await sessions.start(account, request);
      return deliverSession(reply, request, ctx.config, session, delivery);
    },
  );

  app.post(
    '/auth/refresh',
    {
      schema: {
        tags: ['auth'],
        summary: 'Trade a refresh token for new tokens (the old refresh token stops working)',
        body: Type.Union([Refresh, Type.Null()], {
          description: 'May be empty: the web app refreshes from its cookie',
        }),
        response: { 200: SessionResponse, ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const body = request.body ?? {};
      let token = body.refreshToken;
      let delivery = body.delivery;
      if (!token) {
        token = request.cookies[REFRESH_COOKIE];
        delivery = 'cookie';
        // The refresh cookie is SameSite=Strict already; the CSRF echo makes cross-site use impossible too.
        const expected = request.cookies[CSRF_COOKIE];
        const echoed = request.headers[CSRF_HEADER];
        if (
          token &&
          (!expected ||
            typeof echoed !== 'string' ||
            expected.length !== echoed.length ||
            !timingSafeEqual(Buffer.from(expected), Buffer.from(echoed)))
        )
          throw new ProblemError(
            403,
            'csrf_failed',
            'CSRF check failed',
            `Send the ${CSRF_COOKIE} cookie's value in ${CSRF_HEADER}`,
          );
      }
      if (!token)
        throw new ProblemError(
          401,
          'refresh_invalid',
          'Session cannot be refreshed',
          'No refresh token was sent',
        );
      try {
        const session = await sessions.refresh(token);
        return deliverSession(reply, request, ctx.config, session, delivery);
      } catch (error) {
        if (delivery === 'cookie') clearSession(reply);
        throw error;
      }
    },
  );

  app.post(
    '/auth/sign-out',
    {
      schema: {
        tags: ['auth'],
        summary: 'End this session',
        ...secured(),
        response: { 204: Type.Null(), ...problemResponses(401, 403) },
      },
    },
    async (request, reply) => {
      const auth = requireUser(request);
      await sessions.revoke(auth.sid, 'signed out');
      clearSession(reply);
      return reply.code(204).send(null);
    },
  );
}
