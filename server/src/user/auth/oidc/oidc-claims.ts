import * as client from 'openid-client';
import type { Logger } from 'pino';

/** Who the provider says signed in: the (provider, subject) pair is the identity, the rest are hints. */
export interface ProviderIdentity {
  subject: string;
  email: string | null;
  /** True only when the provider vouches for the address (`email_verified`). */
  emailVerified: boolean;
  preferredUsername: string | null;
}

type Tokens = Awaited<ReturnType<typeof client.authorizationCodeGrant>>;

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null);

/**
 * Reads the identity from the validated ID token. Providers that keep profile claims out of the ID token
 * of a code flow (oidc-provider by default, some Microsoft setups) serve them at the userinfo endpoint,
 * which is asked only when the ID token lacks them, for the same subject.
 */
export async function identityFrom(
  configuration: client.Configuration,
  tokens: Tokens,
  logger: Logger,
): Promise<ProviderIdentity> {
  const idToken = tokens.claims();
  if (!idToken) throw new Error('the token response carried no ID token');
  let extra: Record<string, unknown> = {};
  const wantsMore = !text(idToken.email) || !text(idToken.preferred_username);
  if (wantsMore && tokens.access_token && configuration.serverMetadata().userinfo_endpoint) {
    extra = await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub).catch((error) => {
      logger.warn({ err: error }, 'OIDC userinfo request failed; using the ID token alone');
      return {};
    });
  }
  // The address and its verification flag come from one source, never mixed.
  const emailSource = text(idToken.email) ? idToken : extra;
  const email = text(emailSource.email);
  return {
    subject: idToken.sub,
    email: email?.toLowerCase() ?? null,
    // Apple sends the flag as the string "true".
    emailVerified:
      email !== null && (emailSource.email_verified === true || emailSource.email_verified === 'true'),
    preferredUsername: text(idToken.preferred_username) ?? text(extra.preferred_username),
  };
}
