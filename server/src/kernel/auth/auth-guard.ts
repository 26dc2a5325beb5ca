import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ProblemError } from '../errors/problem-error.ts';
import type { VezaHttp } from '../service-module.ts';
import type { AccessClaims } from './access-claims.ts';
import { type Permission, permissionsOf } from './roles.ts';
import type { TokenVerifier } from './token-verifier.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified access token of the request, or null when it carries none. */
    auth: (AccessClaims & { permissions: ReadonlySet<Permission>; via: 'bearer' | 'cookie' }) | null;
    /** Why a session cookie was not accepted; what a route that needs sign-in answers instead of 401. */
    authRefusal: ProblemError | null;
  }
}

/** Cookie names the web app's session uses (set by the auth service, read by every process). */
export const ACCESS_COOKIE = 'veza_access';
export const CSRF_COOKIE = 'veza_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** Marks a route as needing a signed-in caller, and optionally a permission; documented in OpenAPI. */
const SECURITY: { [scheme: string]: string[] }[] = [{ bearer: [] }, { cookie: [] }];

export const secured = (permission?: Permission) => ({
  security: SECURITY,
  ...(permission ? { 'x-permission': permission } : {}),
});

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const unauthenticated = () =>
  new ProblemError(401, 'unauthenticated', 'Sign-in required', 'This endpoint needs an access token');
export const authUnavailable = () =>
  new ProblemError(503, 'auth_unavailable', 'Authentication unavailable', 'No token verifier is configured');
export const forbidden = (detail = 'Your account may not do this') =>
  new ProblemError(403, 'forbidden', 'Forbidden', detail);

/** The signed-in caller, or 401. */
export function requireUser(request: FastifyRequest): NonNullable<FastifyRequest['auth']> {
  if (!request.auth) throw request.authRefusal ?? unauthenticated();
  return request.auth;
}

/** The signed-in caller holding `permission`, or 401/403. */
export function requirePermission(
  request: FastifyRequest,
  permission: Permission,
): NonNullable<FastifyRequest['auth']> {
  const auth = requireUser(request);
  if (!auth.permissions.has(permission)) throw forbidden(`This needs the ${permission} permission`);
  return auth;
}

/** True when the caller owns the resource or holds the permission that overrides ownership (moderation, admin). */
export function ownsOr(request: FastifyRequest, ownerId: string, override: Permission): boolean {
  const auth = requireUser(request);
  return auth.sub === ownerId || auth.permissions.has(override);
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

const sameSecret = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Authenticates every request that carries a token (`Authorization: Bearer` for API clients, the httpOnly
 * `veza_access` cookie for the web app) and enforces the `secured()` marks routes declare. A cookie-borne
 * session must echo its CSRF cookie in `X-CSRF-Token` on unsafe methods (double submit): another site can
 * make the browser send the cookie but cannot read it.
 */
export function registerAuthGuard(app: VezaHttp, verifier: () => TokenVerifier | undefined): void {
  app.decorateRequest('auth', null);
  app.decorateRequest('authRefusal', null);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    let token: string | undefined;
    let via: 'bearer' | 'cookie' = 'bearer';
    if (header !== undefined) {
      if (!header.startsWith('Bearer '))
        throw new ProblemError(
          401,
          'token_invalid',
          'Invalid access token',
          'Use "Authorization: Bearer <token>"',
        );
      token = header.slice(7).trim();
    } else {
      token = readCookie(request.headers.cookie, ACCESS_COOKIE);
      via = 'cookie';
    }
    if (!token) return;
    const active = verifier();
    if (!active) throw authUnavailable();
    if (via === 'bearer') {
      const claims = await active.verify(token);
      request.auth = { ...claims, permissions: permissionsOf(claims.roles), via };
      request.actor = claims.sub;
      return;
    }
    // A cookie comes with every request the browser makes, including sign-in and refresh with a stale
    // session: a bad one leaves the request anonymous, and only a route that needs sign-in reports why
    // (token_expired tells the web app to refresh; csrf_failed that the echo is missing).
    if (!SAFE_METHODS.has(request.method)) {
      const cookie = readCookie(request.headers.cookie, CSRF_COOKIE);
      const echoed = request.headers[CSRF_HEADER];
      if (!cookie || typeof echoed !== 'string' || !sameSecret(cookie, echoed)) {
        request.authRefusal = new ProblemError(
          403,
          'csrf_failed',
          'CSRF check failed',
          `Send the ${CSRF_COOKIE} cookie's value in ${CSRF_HEADER}`,
        );
        return;
      }
    }
    try {
      const claims = await active.verify(token);
      request.auth = { ...claims, permissions: permissionsOf(claims.roles), via };
      request.actor = claims.sub;
    } catch (error) {
      if (!(error instanceof ProblemError) || error.status >= 500) throw error;
      request.authRefusal = error;
    }
  });
  app.addHook('onRoute', (route) => {
    const schema = route.schema as { security?: unknown[]; 'x-permission'?: Permission } | undefined;
    if (!schema?.security) return;
    const permission = schema['x-permission'];
    const guard = async (request: FastifyRequest) => {
      if (permission) requirePermission(request, permission);
      else requireUser(request);
    };
    // Route-level onRequest runs after the global one that read the token and before the body is parsed
    // or validated: an anonymous caller gets 401 (not a 400 about its body) and uploads nothing.
    const existing = route.onRequest;
    route.onRequest = existing ? [guard, ...(Array.isArray(existing) ? existing : [existing])] : [guard];
  });
}
