/** What a person reads when a provider sign-in comes back to `/sign-in?error=<code>`. */
const PROVIDER_ERRORS: Record<string, string> = {
  state_mismatch: 'The sign-in took too long or was started in another tab. Please try again.',
  provider_denied: 'The provider did not allow the sign-in.',
  account_suspended: 'This account is suspended.',
  email_unverified: 'Verify your email address before signing in.',
};

export function providerErrorMessage(code: string): string {
  return PROVIDER_ERRORS[code] ?? `The provider sign-in did not complete (${code}). Please try again.`;
}
