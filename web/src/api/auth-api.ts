import type {
  Session,
  SessionItem,
  SignInBody,
  SignInProvider,
  SignUpBody,
  VerifyEmailResult,
} from './identity-types.ts';
import { requestJson } from './json-request.ts';

/** Signing up, in and out, email links and sessions: the `auth` area of the identity API. */
const AUTH = '/api/v1/auth';

export const signUp = (body: SignUpBody) =>
  requestJson<{ status: string }>(`${AUTH}/sign-up`, { method: 'POST', body });

/** The web app always takes a cookie session: the tokens stay out of reach of page scripts. */
export const signIn = (body: SignInBody) =>
  requestJson<Session>(`${AUTH}/sign-in`, { method: 'POST', body: { ...body, delivery: 'cookie' } });

export const signOut = () => requestJson<void>(`${AUTH}/sign-out`, { method: 'POST' });

export const verifyEmail = (token: string) =>
  requestJson<VerifyEmailResult>(`${AUTH}/verify-email`, { method: 'POST', body: { token } });

export const resendVerification = (email: string) =>
  requestJson<void>(`${AUTH}/verify-email/resend`, { method: 'POST', body: { email } });

export const requestPasswordReset = (email: string) =>
  requestJson<void>(`${AUTH}/password-reset`, { method: 'POST', body: { email } });

export const confirmPasswordReset = (token: string, password: string) =>
  requestJson<void>(`${AUTH}/password-reset/confirm`, { method: 'POST', body: { token, password } });

export const listSignInProviders = () => requestJson<{ items: SignInProvider[] }>(`${AUTH}/providers`);

/** Where the browser goes to sign in with a provider; the callback returns to `returnTo`. */
export const providerStartUrl = (provider: string, returnTo: string) =>
  `${AUTH}/oidc/${encodeURIComponent(provider)}/start?returnTo=${encodeURIComponent(returnTo)}`;

/** Finishes a provider sign-in the callback held for a second factor; the session comes as cookies. */
export const finishProviderSignIn = (code: { totp?: string; recoveryCode?: string }) =>
  requestJson<Session>(`${AUTH}/oidc/second-factor`, { method: 'POST', body: code });

export const listSessions = () => requestJson<{ items: SessionItem[] }>(`${AUTH}/sessions`);

export const revokeSession = (id: string) =>
  requestJson<void>(`${AUTH}/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });
