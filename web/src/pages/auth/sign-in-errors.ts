/**
 * What a person reads when a provider sign-in or link comes back with `?error=<code>` (the codes of
 * docs/api/identity.md, OIDC callback).
 */
const PROVIDER_ERRORS: Record<string, string> = {
  oidc_state_invalid:
    'The sign-in took too long, was already used or was started in another browser. Please start again.',
  oidc_denied: 'The sign-in was cancelled at the provider.',
  oidc_exchange_failed: 'The provider refused the sign-in. Please start again.',
  oidc_email_missing:
    'The provider did not share your email address. Allow it there, or sign up with a password.',
  oidc_email_in_use:
    'An account with this email already exists. Sign in with your password, then link the provider in Settings → Security.',
  oidc_identity_taken: 'That provider account is already linked to another Veza account.',
  provider_already_linked: 'A provider account of this kind is already linked to your Veza account.',
  oidc_provider_unavailable: 'The provider could not be reached. Please try again later.',
  provider_unknown: 'That sign-in provider is not configured on this server.',
  account_suspended: 'This account is suspended.',
};

export function providerErrorMessage(code: string): string {
  return PROVIDER_ERRORS[code] ?? `The provider sign-in did not complete (${code}). Please try again.`;
}
