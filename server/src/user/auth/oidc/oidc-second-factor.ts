import { createHash, randomBytes } from 'node:crypto';
import '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Cache } from '../../../kernel/cache/cache.ts';
import type { Config } from '../../../kernel/config/config-schema.ts';

const HELD_COOKIE = 'veza_oidc_2fa';
const HELD_PATH = '/api/v1/auth/oidc';
/** Time to open the authenticator app and type a code. */
const HELD_SECONDS = 300;

const heldKey = (ticket: string) => `oidc-2fa:${createHash('sha256').update(ticket).digest('base64url')}`;

/**
 * A provider sign-in into an account with two-factor sign-in on is held until a code is given: a provider
 * account taken over must not be a way around the second factor. The ticket lives in an httpOnly cookie
 * (SameSite=Strict: only Veza's own page can present it) and in the cache for 5 minutes.
 */
export async function holdForSecondFactor(
  cache: Cache,
  reply: FastifyReply,
  request: FastifyRequest,
  config: Config,
  accountId: string,
): Promise<void> {
  const ticket = randomBytes(32).toString('base64url');
  await cache.set(heldKey(ticket), accountId, HELD_SECONDS);
  reply.setCookie(HELD_COOKIE, ticket, {
    path: HELD_PATH,
    httpOnly: true,
    secure: request.protocol === 'https' || Boolean(config.publicUrl?.startsWith('https:')),
    sameSite: 'strict',
    maxAge: HELD_SECONDS,
  });
}

/** The account whose sign-in this browser holds, or null when none is (expired, used, no cookie). */
export async function heldSignIn(cache: Cache, request: FastifyRequest): Promise<string | null> {
  const ticket = request.cookies[HELD_COOKIE];
  if (!ticket) return null;
  return cache.get(heldKey(ticket));
}

/** Ends the hold, once: of two requests finishing it together, only one gets true. */
export async function releaseHeldSignIn(
  cache: Cache,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<boolean> {
  const key = heldKey(request.cookies[HELD_COOKIE] ?? '');
  reply.clearCookie(HELD_COOKIE, { path: HELD_PATH });
  const first = (await cache.increment(`${key}:released`, HELD_SECONDS)) === 1;
  await cache.delete(key);
  return first;
}
