import { ProblemError } from '../../../kernel/errors/problem-error.ts';

/** The problems of OIDC sign-in; the callback turns them into `/sign-in?error=<code>` for browsers. */
export const oidcProblems = {
  providerUnknown: (id: string) =>
    new ProblemError(
      404,
      'provider_unknown',
      'Unknown sign-in provider',
      `No provider "${id}" is configured`,
    ),
  providerUnavailable: () =>
    new ProblemError(
      502,
      'oidc_provider_unavailable',
      'Sign-in provider unavailable',
      'The provider could not be reached; try again later',
    ),
  returnToInvalid: () =>
    new ProblemError(
      400,
      'return_to_invalid',
      'Invalid return path',
      'returnTo must be a path on this site, like /library',
    ),
  stateInvalid: () =>
    new ProblemError(
      400,
      'oidc_state_invalid',
      'Sign-in could not be completed',
      'This sign-in attempt is unknown, expired or already used; start again',
    ),
  nothingHeld: () =>
    new ProblemError(
      400,
      'oidc_state_invalid',
      'Sign-in could not be completed',
      'No provider sign-in is waiting for a code in this browser, or it expired; start again',
    ),
  denied: () =>
    new ProblemError(400, 'oidc_denied', 'Sign-in cancelled', 'The provider did not authorize the sign-in'),
  exchangeFailed: () =>
    new ProblemError(
      400,
      'oidc_exchange_failed',
      'Sign-in could not be completed',
      'The provider refused the sign-in or answered with an invalid ID token; start again',
    ),
  emailMissing: () =>
    new ProblemError(
      400,
      'oidc_email_missing',
      'Email address needed',
      'The provider did not share an email address; allow it, or sign up with a password',
    ),
  emailInUse: () =>
    new ProblemError(
      409,
      'oidc_email_in_use',
      'Email already has an account',
      'Sign in to that account with its password, then link this provider in your security settings',
    ),
  identityTaken: () =>
    new ProblemError(
      409,
      'oidc_identity_taken',
      'Provider account already linked',
      'This provider account is linked to another Veza account',
    ),
  providerAlreadyLinked: () =>
    new ProblemError(
      409,
      'provider_already_linked',
      'Provider already linked',
      'Unlink the provider account linked now before linking another one',
    ),
  suspended: (reason: string | null) =>
    new ProblemError(403, 'account_suspended', 'Account suspended', reason ?? 'Contact the administrators'),
  providerNotLinked: () =>
    new ProblemError(
      404,
      'provider_not_linked',
      'Provider not linked',
      'No account of this provider is linked',
    ),
  lastSignInMethod: () =>
    new ProblemError(
      409,
      'last_sign_in_method',
      'Last way to sign in',
      'Set a password or link another provider before unlinking this one',
    ),
};
