import { timingSafeEqual } from 'node:crypto';
import '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../../kernel/config/config-schema.ts';
import { FLOW_SECONDS } from './oidc-flow-store.ts';

const BINDING_COOKIE = 'veza_oidc';
const BINDING_PATH = '/api/v1/auth/oidc';

const secure = (config: Config, request: FastifyRequest) =>
  request.protocol === 'https' || Boolean(config.publicUrl?.startsWith('https:'));

/**
 * Ties a flow to the browser that started it: the callback must come from a browser holding the state in
 * this cookie. Without it, an attacker could send someone the callback URL of a flow the attacker began
 * (login CSRF: the victim lands in the attacker's account) or a link URL made for the attacker's account.
 * A provider that posts its answer (form_post) does so cross-site, so the cookie must then be SameSite=None,
 * which browsers accept on HTTPS only.
 */
export function bindFlowToBrowser(
  reply: FastifyReply,
  request: FastifyRequest,
  config: Config,
  state: string,
  responseMode: 'query' | 'form_post',
): void {
  const isSecure = secure(config, request);
  reply.setCookie(BINDING_COOKIE, state, {
    path: BINDING_PATH,
    httpOnly: true,
    secure: isSecure,
    sameSite: responseMode === 'form_post' && isSecure ? 'none' : 'lax',
    maxAge: FLOW_SECONDS,
  });
}

export function isBoundToBrowser(request: FastifyRequest, state: string): boolean {
  const bound = request.cookies[BINDING_COOKIE];
  return (
    bound !== undefined &&
    bound.length === state.length &&
    timingSafeEqual(Buffer.from(bound), Buffer.from(state))
  );
}

export function unbindFlow(reply: FastifyReply): void {
  reply.clearCookie(BINDING_COOKIE, { path: BINDING_PATH });
}
