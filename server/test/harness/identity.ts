import { randomBytes } from 'node:crypto';
import type { LogMailer } from '../../src/kernel/mail/log-mailer.ts';
import type { Runtime } from '../../src/kernel/runtime/start-runtime.ts';

export interface TestUser {
  id: string;
  username: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  sessionId: string;
}

export const PASSWORD = 'correct horse battery staple';

/** The newest mail the log mailer holds for `to` (tests run without SMTP_URL unless they start smtp-server). */
export function lastMailTo(runtime: Runtime, to: string) {
  const outbox = (runtime.adapters.mail as LogMailer).outbox;
  const mail = [...outbox].reverse().find((message) => message.to === to);
  if (!mail) throw new Error(`no mail to ${to}`);
  return mail;
}

/** The `token` query parameter of the link in the newest mail to `to`. */
export function linkTokenFor(runtime: Runtime, to: string): string {
  const match = /[?&]token=([\w-]+)/.exec(lastMailTo(runtime, to).text);
  if (!match) throw new Error(`no link in the mail to ${to}`);
  return match[1]!;
}

export async function api(
  runtime: Runtime,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const response = await fetch(`${runtime.url}/api/v1${path}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the endpoint answers
  const body: any = text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
  return { status: response.status, body, headers: response.headers };
}

/** Signs a new account up, verifies it through the emailed link and signs it in with bearer tokens. */
export async function signUpVerified(
  runtime: Runtime,
  overrides: { username?: string; email?: string } = {},
): Promise<TestUser> {
  const suffix = randomBytes(4).toString('hex');
  const username = overrides.username ?? `user_${suffix}`;
  const email = overrides.email ?? `${username}@example.test`;
  const signUp = await api(runtime, 'POST', '/auth/sign-up', {
    body: { email, username, password: PASSWORD },
  });
  if (signUp.status !== 202)
    throw new Error(`sign-up answered ${signUp.status}: ${JSON.stringify(signUp.body)}`);
  const verify = await api(runtime, 'POST', '/auth/verify-email', {
    body: { token: linkTokenFor(runtime, email) },
  });
  if (verify.status !== 200)
    throw new Error(`verify answered ${verify.status}: ${JSON.stringify(verify.body)}`);
  const signIn = await api(runtime, 'POST', '/auth/sign-in', { body: { login: email, password: PASSWORD } });
  if (signIn.status !== 200)
    throw new Error(`sign-in answered ${signIn.status}: ${JSON.stringify(signIn.body)}`);
  const me = await api(runtime, 'GET', '/users/me', { token: signIn.body.accessToken });
  return {
    id: me.body.id,
    username,
    email,
    password: PASSWORD,
    accessToken: signIn.body.accessToken,
    refreshToken: signIn.body.refreshToken,
    sessionId: signIn.body.sessionId,
  };
}
