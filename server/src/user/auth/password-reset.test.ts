import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountEventTypes, authTables, mailsTo } from '../../../test/harness/auth-inspection.ts';
import { api, lastMailTo, linkTokenFor, PASSWORD, signUpVerified } from '../../../test/harness/identity.ts';
import { startTestRuntime, type TestRuntime } from '../../../test/harness/test-runtime.ts';
import { authService } from './auth-service.ts';
import { hashSecret } from './secret-tokens.ts';

const NEW_PASSWORD = 'a brand new passphrase';

let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime({ services: [authService] });
});
afterAll(() => runtime?.cleanup());

const requestReset = (email: string) => api(runtime, 'POST', '/auth/password-reset', { body: { email } });
const confirm = (token: string, password: string) =>
  api(runtime, 'POST', '/auth/password-reset/confirm', { body: { token, password } });
const signIn = (login: string, password: string) =>
  api(runtime, 'POST', '/auth/sign-in', { body: { login, password } });

describe('password reset', () => {
  it('emails a link that sets a new password once and ends every session', async () => {
    const user = await signUpVerified(runtime);
    const otherDevice = await signIn(user.email, PASSWORD);
    expect(otherDevice.status).toBe(200);

    const requested = await requestReset(user.email.toUpperCase());
    expect(requested.status).toBe(202);
    expect(requested.body).toEqual({ status: 'reset_sent' });
    const mail = lastMailTo(runtime, user.email);
    expect(mail.subject).toBe('Reset your Veza password');
    expect(mail.text).toMatch(/\/reset-password\?token=[\w-]+/);
    const token = linkTokenFor(runtime, user.email);

    // A password the rules refuse changes nothing and leaves the link usable.
    const weak = await confirm(token, 'short');
    expect(weak.status).toBe(400);
    expect(weak.body.code).toBe('password_too_short');
    const personal = await confirm(token, `${user.username} forever`);
    expect(personal.body.code).toBe('password_personal');
    expect((await signIn(user.email, PASSWORD)).status).toBe(200);

    expect((await confirm(token, NEW_PASSWORD)).status).toBe(204);
    expect(await accountEventTypes(runtime, user.id)).toContain('PasswordChanged');

    // Every session ended: access tokens and refresh tokens of both devices.
    for (const session of [user, otherDevice.body]) {
      const me = await api(runtime, 'GET', '/users/me', { token: session.accessToken });
      expect(me.body.code).toBe('session_revoked');
      const refresh = await api(runtime, 'POST', '/auth/refresh', {
        body: { refreshToken: session.refreshToken },
      });
      expect(refresh.body.code).toBe('session_revoked');
    }
    const stored = await authTables(runtime)
      .selectFrom('accounts')
      .select('password_hash')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
    expect((await signIn(user.email, PASSWORD)).body.code).toBe('credentials_invalid');
    expect((await signIn(user.email, NEW_PASSWORD)).status).toBe(200);

    const again = await confirm(token, 'yet another passphrase');
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('link_invalid');
  });

  it('answers an unknown address exactly like a known one, and mails nobody', async () => {
    const outbox = mailsTo(runtime, 'nobody-here@example.test').length;
    const unknown = await requestReset('nobody-here@example.test');
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual({ status: 'reset_sent' });
    expect(mailsTo(runtime, 'nobody-here@example.test')).toHaveLength(outbox);
  });

  it('refuses an expired link with 410 link_expired and keeps the old password', async () => {
    const user = await signUpVerified(runtime);
    await requestReset(user.email);
    const token = linkTokenFor(runtime, user.email);
    // Stands in for the 30 minutes passing.
    await authTables(runtime)
      .updateTable('one_time_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('hash', '=', hashSecret(token))
      .execute();
    const expired = await confirm(token, NEW_PASSWORD);
    expect(expired.status).toBe(410);
    expect(expired.body.code).toBe('link_expired');
    expect(await accountEventTypes(runtime, user.id)).not.toContain('PasswordChanged');
    expect((await signIn(user.email, PASSWORD)).status).toBe(200);
  });

  it('refuses an unknown token and a link meant for something else with 400 link_invalid', async () => {
    const unknown = await confirm('not-a-token-we-ever-sent', NEW_PASSWORD);
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('link_invalid');

    const email = 'fresh-signup@example.test';
    await api(runtime, 'POST', '/auth/sign-up', {
      body: { email, username: 'fresh_signup', password: PASSWORD },
    });
    const verification = await confirm(linkTokenFor(runtime, email), NEW_PASSWORD);
    expect(verification.status).toBe(400);
    expect(verification.body.code).toBe('link_invalid');
  });

  it('an older reset link dies once the password has been reset with a newer one', async () => {
    const user = await signUpVerified(runtime);
    await requestReset(user.email);
    const first = linkTokenFor(runtime, user.email);
    await requestReset(user.email);
    const second = linkTokenFor(runtime, user.email);
    expect(second).not.toBe(first);
    expect((await confirm(second, NEW_PASSWORD)).status).toBe(204);
    expect((await confirm(first, 'someone else took over')).body.code).toBe('link_invalid');
    expect((await signIn(user.email, NEW_PASSWORD)).status).toBe(200);
  });
});
