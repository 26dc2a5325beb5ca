import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { ACCESS_COOKIE, CSRF_COOKIE } from '../../kernel/auth/auth-guard.ts';
import type { Config } from '../../kernel/config/config-schema.ts';
import type { IssuedSession } from './session-issuer.ts';

export const REFRESH_COOKIE = 'veza_refresh';
const REFRESH_PATH = '/api/v1/auth';

export const Delivery = Type.Optional(
  Type.Union([Type.Literal('token'), Type.Literal('cookie')], {
    description: 'token: tokens in the body (API clients); cookie: httpOnly cookies (the web app)',
  }),
);

export const SessionResponse = Type.Object({
  sessionId: Type.String(),
  expiresIn: Type.Integer({ description: 'Seconds until the access token expires' }),
  tokenType: Type.Union([Type.Literal('Bearer'), Type.Literal('Cookie')]),
  accessToken: Type.Optional(Type.String()),
  refreshToken: Type.Optional(Type.String()),
  csrfToken: Type.Optional(Type.String()),
});

const secure = (config: Config, request: FastifyRequest) =>
  request.protocol === 'https' || Boolean(config.publicUrl?.startsWith('https:'));

/**
 * Hands a session to its client: in the body for API clients, as cookies for the web app, where the
 * tokens never reach JavaScript (httpOnly) and a readable CSRF cookie backs the double-submit check.
 */
export function deliverSession(
  reply: FastifyReply,
  request: FastifyRequest,
  config: Config,
  session: IssuedSession,
  delivery: 'token' | 'cookie' | undefined,
) {
  if (delivery !== 'cookie')
    return {
      sessionId: session.sessionId,
      expiresIn: session.expiresIn,
      tokenType: 'Bearer' as const,
      accessToken: session.accessToken,
      refreshToken: session.refreshToken,
    };
  const csrfToken = randomBytes(24).toString('base64url');
  const common = { secure: secure(config, request), path: '/' } as const;
  const refreshMaxAge = config.refreshTokenTtlDays * 86_400;
  reply.setCookie(ACCESS_COOKIE, session.accessToken, {
    ...common,
    httpOnly: true,
    sameSite: 'lax',
    maxAge: refreshMaxAge,
  });
  reply.setCookie(REFRESH_COOKIE, session.refreshToken, {
    ...common,
    path: REFRESH_PATH,
    httpOnly: true,
    sameSite: 'strict',
    maxAge: refreshMaxAge,
  });
  reply.setCookie(CSRF_COOKIE, csrfToken, {
    ...common,
    httpOnly: false,
    sameSite: 'strict',
    maxAge: refreshMaxAge,
  });
  return {
    sessionId: session.sessionId,
    expiresIn: session.expiresIn,
    tokenType: 'Cookie' as const,
    csrfToken,
  };
}

export function clearSession(reply: FastifyReply): void {
  reply.clearCookie(ACCESS_COOKIE, { path: '/' });
  reply.clearCookie(REFRESH_COOKIE, { path: REFRESH_PATH });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}
