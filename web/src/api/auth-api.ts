import { api, unwrap } from './api-client.ts';
import type { SignInBody, SignUpBody } from './identity-types.ts';

/** Signing up, in and out, email links and sessions: the `auth` area of the identity API. */

export const signUp = (body: SignUpBody) => unwrap(api.POST('/api/v1/auth/sign-up', { body }));

/** The web app always takes a cookie session: the tokens stay out of reach of page scripts. */
export const signIn = (body: SignInBody) =>
  unwrap(api.POST('/api/v1/auth/sign-in', { body: { ...body, delivery: 'cookie' } }));

export const signOut = () => unwrap(api.POST('/api/v1/auth/sign-out'));

export const verifyEmail = (token: string) =>
  unwrap(api.POST('/api/v1/auth/verify-email', { body: { token } }));

export const resendVerification = (email: string) =>
  unwrap(api.POST('/api/v1/auth/verify-email/resend', { body: { email } }));

export const requestPasswordReset = (email: string) =>
  unwrap(api.POST('/api/v1/auth/password-reset', { body: { email } }));

export const confirmPasswordReset = (token: string, password: string) =>
  unwrap(api.POST('/api/v1/auth/password-reset/confirm', { body: { token, password } }));

export const listSignInProviders = () => unwrap(api.GET('/api/v1/auth/providers'));

/** Where the browser goes to sign in with a provider; the callback returns to `returnTo`. */
export const providerStartUrl = (provider: string, returnTo: string) =>
  `/api/v1/auth/oidc/${encodeURIComponent(provider)}/start?returnTo=${encodeURIComponent(returnTo)}`;

/** Finishes a provider sign-in the callback held for a second factor; the session comes as cookies. */
export const finishProviderSignIn = (code: { totp?: string; recoveryCode?: string }) =>
  unwrap(api.POST('/api/v1/auth/oidc/second-factor', { body: code }));

export const listSessions = () => unwrap(api.GET('/api/v1/auth/sessions'));

export const revokeSession = (id: string) =>
  unwrap(api.DELETE('/api/v1/auth/sessions/{id}', { params: { path: { id } } }));
