import * as client from 'openid-client';
import type { Logger } from 'pino';
import type { Cache } from '../../../kernel/cache/cache.ts';
import type { OidcClients } from './oidc-clients.ts';
import { type OidcFlow, saveFlow } from './oidc-flow-store.ts';
import { oidcProblems } from './oidc-problems.ts';
import type { OidcProviderConfig } from './oidc-provider-config.ts';

/**
 * Starts an authorization code flow with PKCE (S256), a state and a nonce, and returns the provider URL
 * to send the browser to. The secrets stay in the cache; the browser carries only the state.
 */
export async function beginFlow(
  clients: OidcClients,
  cache: Cache,
  provider: OidcProviderConfig,
  redirectUri: string,
  flow: Pick<OidcFlow, 'returnTo' | 'linkAccountId'>,
): Promise<{ url: string; state: string }> {
  const configuration = await clients.configuration(provider);
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  await saveFlow(cache, state, { provider: provider.id, codeVerifier, nonce, ...flow });
  const url = client.buildAuthorizationUrl(configuration, {
    redirect_uri: redirectUri,
    scope: provider.scopes.join(' '),
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    ...(provider.responseMode === 'form_post' ? { response_mode: 'form_post' } : {}),
  });
  return { url: url.href, state };
}

const isNetworkFailure = (error: unknown): boolean => {
  for (let cause = error as { name?: string; message?: string; cause?: unknown } | undefined; cause; ) {
    if (cause.name === 'TimeoutError' || cause.name === 'AbortError') return true;
    if (cause.name === 'TypeError' && cause.message === 'fetch failed') return true;
    cause = cause.cause as typeof cause;
  }
  return false;
};

/**
 * Trades the code for tokens with the flow's PKCE verifier, and has openid-client validate the answer:
 * the state and `iss` of the authorization response, then the ID token's signature, issuer, audience,
 * expiry and nonce.
 */
export async function exchangeCode(
  clients: OidcClients,
  provider: OidcProviderConfig,
  flow: OidcFlow,
  state: string,
  callbackUrl: URL,
  logger: Logger,
) {
  const configuration = await clients.configuration(provider);
  try {
    const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
      pkceCodeVerifier: flow.codeVerifier,
      expectedState: state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
    return { configuration, tokens };
  } catch (error) {
    logger.warn({ err: error, provider: provider.id }, 'OIDC code exchange refused');
    if (error instanceof client.AuthorizationResponseError) throw oidcProblems.denied();
    if (isNetworkFailure(error)) throw oidcProblems.providerUnavailable();
    throw oidcProblems.exchangeFailed();
  }
}
