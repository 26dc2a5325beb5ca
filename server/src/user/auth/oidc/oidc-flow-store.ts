import { createHash } from 'node:crypto';
import type { Cache } from '../../../kernel/cache/cache.ts';

/** What the callback needs to finish a sign-in the start route began, kept server-side under its state. */
export interface OidcFlow {
  provider: string;
  codeVerifier: string;
  nonce: string;
  /** A path on this site (checked when the flow began). */
  returnTo: string;
  /** The signed-in account that asked to link this provider; null for a sign-in. */
  linkAccountId: string | null;
}

/** An authorization that is not completed within this delay has to start over. */
export const FLOW_SECONDS = 600;

/** The cache holds a hash of the state, so reading the cache does not yield a state to replay. */
export const oidcFlowKey = (state: string) =>
  `oidc-flow:${createHash('sha256').update(state).digest('base64url')}`;

export async function saveFlow(cache: Cache, state: string, flow: OidcFlow): Promise<void> {
  await cache.set(oidcFlowKey(state), JSON.stringify(flow), FLOW_SECONDS);
}

/**
 * The flow of `state`, once: the claim counter is atomic in every cache, so two callbacks racing with one
 * state (a replayed redirect) see one winner even across processes.
 */
export async function takeFlow(cache: Cache, state: string): Promise<OidcFlow | null> {
  const key = oidcFlowKey(state);
  if ((await cache.increment(`${key}:taken`, FLOW_SECONDS)) !== 1) return null;
  const stored = await cache.get(key);
  await cache.delete(key);
  return stored ? (JSON.parse(stored) as OidcFlow) : null;
}
