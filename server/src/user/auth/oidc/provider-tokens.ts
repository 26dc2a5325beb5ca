import type { TokenEndpointResponse } from 'openid-client';
import type { FieldCipher } from '../../../kernel/crypto/field-cipher.ts';

/** What Veza keeps of a provider's tokens, for later calls on the person's behalf. */
export interface ProviderTokens {
  accessToken: string;
  refreshToken: string | null;
  /** Epoch milliseconds, when the provider said. */
  expiresAt: number | null;
  scope: string | null;
}

/** Associated data binding the sealed values to their identity row: a value moved to another row fails. */
const tokensContext = (provider: string, subject: string) => `identities.tokens:${provider}:${subject}`;
const emailContext = (provider: string, subject: string) => `identities.email:${provider}:${subject}`;

export function sealProviderTokens(
  cipher: FieldCipher,
  provider: string,
  subject: string,
  response: TokenEndpointResponse,
): string {
  const tokens: ProviderTokens = {
    accessToken: response.access_token,
    refreshToken: response.refresh_token ?? null,
    expiresAt: typeof response.expires_in === 'number' ? Date.now() + response.expires_in * 1000 : null,
    scope: response.scope ?? null,
  };
  return cipher.encrypt(JSON.stringify(tokens), tokensContext(provider, subject));
}

export async function openProviderTokens(
  cipher: FieldCipher,
  provider: string,
  subject: string,
  stored: string,
): Promise<ProviderTokens> {
  return JSON.parse(await cipher.decrypt(stored, tokensContext(provider, subject))) as ProviderTokens;
}

export const sealIdentityEmail = (cipher: FieldCipher, provider: string, subject: string, email: string) =>
  cipher.encrypt(email, emailContext(provider, subject));

export const openIdentityEmail = (cipher: FieldCipher, provider: string, subject: string, stored: string) =>
  cipher.decrypt(stored, emailContext(provider, subject));
