import type { MailCatcher } from './mail-catcher.ts';

export type Account = { email: string; username: string; password: string };

async function post(baseUrl: string, path: string, body: unknown): Promise<Response> {
  const response = await fetch(`${baseUrl}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  return response;
}

/** Signs an account up through the API and verifies it with the token from the captured email. */
export async function createVerifiedAccount(
  baseUrl: string,
  mail: MailCatcher,
  account: Account,
): Promise<void> {
  await post(baseUrl, '/auth/sign-up', account);
  const message = await mail.waitFor(account.email, (caught) => /verify-email\?token=/.test(caught.text));
  const token = /verify-email\?token=([\w.~%-]+)/.exec(message.text)?.[1];
  if (!token) throw new Error(`no verification token in: ${message.text}`);
  await post(baseUrl, '/auth/verify-email', { token: decodeURIComponent(token) });
}
