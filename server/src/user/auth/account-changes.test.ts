import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountEventTypes, authTables, mailsTo } from '../../../test/harness/auth-inspection.ts';
import { api, lastMailTo, linkTokenFor, PASSWORD, signUpVerified } from '../../../test/harness/identity.ts';
import { inOneWindow } from '../../../test/harness/rate-limit-window.ts';
import { startTestRuntime, type TestRuntime } from '../../../test/harness/test-runtime.ts';
import { LIMITS } from './auth-limits.ts';
import { authService } from './auth-service.ts';

const NEW_PASSWORD = 'a brand new passphrase';

let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime({ services: [authService] });
});
afterAll(() => runtime?.cleanup());

const signIn = (login: string, password: string) =>
  api(runtime, 'POST', '/auth/sign-in', { body: { login, password } });
const changePassword = (token: string, currentPassword: string, newPassword: string) =>
  api(runtime, 'POST', '/auth/password', { token, body: { currentPassword, newPassword } });
const changeEmail = (token: string, password: string, newEmail: string) =>
  api(runtime, 'POST', '/auth/email', { token, body: { password, newEmail } });

describe('change password', () => {
  it('asks for the current password, keeps this session and ends the others', async () => {
    const user = await signUpVerified(runtime);
    const other = (await signIn(user.email, PASSWORD)).body;

    const wrong = await changePassword(user.accessToken, 'not my password at all', NEW_PASSWORD);
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('credentials_invalid');
    const weak = await changePassword(user.accessToken, PASSWORD, 'short');
    expect(weak.status).toBe(400);
    expect(weak.body.code).toBe('password_too_short');
    expect(await accountEventTypes(runtime, user.id)).not.toContain('PasswordChanged');

    expect((await changePassword(user.accessToken, PASSWORD, NEW_PASSWORD)).status).toBe(204);
    expect(await accountEventTypes(runtime, user.id)).toContain('PasswordChanged');

    // This device carries on, access and refresh alike.
    expect((await api(runtime, 'GET', '/users/me', { token: user.accessToken })).status).toBe(200);
    const refreshed = await api(runtime, 'POST', '/auth/refresh', {
      body: { refreshToken: user.refreshToken },
    });
    expect(refreshed.status).toBe(200);
    // The other one is signed out.
    expect((await api(runtime, 'GET', '/users/me', { token: other.accessToken })).body.code).toBe(
      'session_revoked',
    );
    const otherRefresh = await api(runtime, 'POST', '/auth/refresh', {
      body: { refreshToken: other.refreshToken },
    });
    expect(otherRefresh.body.code).toBe('session_revoked');

    expect((await signIn(user.email, PASSWORD)).body.code).toBe('credentials_invalid');
    expect((await signIn(user.email, NEW_PASSWORD)).status).toBe(200);
  });

  it('needs a signed-in caller', async () => {
    const anonymous = await api(runtime, 'POST', '/auth/password', {
      body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('unauthenticated');
  });

  it('counts wrong current passwords and answers 429 once the re-authentication budget is spent', async () => {
    const user = await signUpVerified(runtime);
    await inOneWindow(LIMITS.reauthAccount, 10);
    for (let attempt = 1; attempt <= LIMITS.reauthAccount.max; attempt++) {
      const wrong = await changePassword(user.accessToken, `wrong guess number ${attempt}`, NEW_PASSWORD);
      expect(wrong.body.code).toBe('credentials_invalid');
    }
    // Even the right password is refused now: the budget, not the guess, decides.
    const limited = await changePassword(user.accessToken, PASSWORD, NEW_PASSWORD);
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // The same budget guards every re-authenticated change.
    const email = await changeEmail(user.accessToken, PASSWORD, 'elsewhere@example.test');
    expect(email.status).toBe(429);
    expect((await signIn(user.email, PASSWORD)).status).toBe(200);
  });

  it('makes an outstanding reset link useless', async () => {
    const user = await signUpVerified(runtime);
    await api(runtime, 'POST', '/auth/password-reset', { body: { email: user.email } });
    const token = linkTokenFor(runtime, user.email);
    expect((await changePassword(user.accessToken, PASSWORD, NEW_PASSWORD)).status).toBe(204);
    const late = await api(runtime, 'POST', '/auth/password-reset/confirm', {
      body: { token, password: 'an attacker passphrase' },
    });
    expect(late.body.code).toBe('link_invalid');
  });
});

describe('change email', () => {
  it('changes the address only once the new one confirms, then warns the old one', async () => {
    const user = await signUpVerified(runtime);
    const newEmail = `moved_${user.username}@example.test`;

    const wrong = await changeEmail(user.accessToken, 'not my password at all', newEmail);
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('credentials_invalid');
    expect((await changeEmail(user.accessToken, PASSWORD, 'not an address')).body.code).toBe('email_invalid');
    expect((await changeEmail(user.accessToken, PASSWORD, user.email.toUpperCase())).body.code).toBe(
      'email_unchanged',
    );
    expect(mailsTo(runtime, newEmail)).toHaveLength(0);

    const asked = await changeEmail(user.accessToken, PASSWORD, ` ${newEmail.toUpperCase()} `);
    expect(asked.status).toBe(202);
    expect(asked.body).toEqual({ status: 'confirmation_sent' });
    expect(lastMailTo(runtime, newEmail).subject).toBe('Confirm your new email for Veza');
    const token = linkTokenFor(runtime, newEmail);

    // Nothing changed yet, and the pending address is not readable in the table.
    expect((await api(runtime, 'GET', '/users/me', { token: user.accessToken })).body.email).toBe(user.email);
    const rows = await authTables(runtime)
      .selectFrom('one_time_tokens')
      .select('payload_enc')
      .where('account_id', '=', user.id)
      .where('purpose', '=', 'change-email')
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.payload_enc).toBeTruthy();
    expect(rows[0]!.payload_enc).not.toContain('moved_');
    expect(JSON.stringify(rows)).not.toContain(newEmail);

    const confirmed = await api(runtime, 'POST', '/auth/verify-email', { body: { token } });
    expect(confirmed.body).toEqual({ status: 'verified', purpose: 'change-email' });
    expect((await api(runtime, 'GET', '/users/me', { token: user.accessToken })).body.email).toBe(newEmail);
    expect(lastMailTo(runtime, user.email).subject).toBe('Your Veza email address was changed');
    expect(await accountEventTypes(runtime, user.id)).toContain('EmailChanged');

    expect((await signIn(newEmail, PASSWORD)).status).toBe(200);
    expect((await signIn(user.email, PASSWORD)).body.code).toBe('credentials_invalid');
  });

  it('answers the same for an address another account holds, and mails it nothing', async () => {
    const user = await signUpVerified(runtime);
    const holder = await signUpVerified(runtime);
    const before = mailsTo(runtime, holder.email).length;
    const taken = await changeEmail(user.accessToken, PASSWORD, holder.email);
    expect(taken.status).toBe(202);
    expect(taken.body).toEqual({ status: 'confirmation_sent' });
    expect(mailsTo(runtime, holder.email)).toHaveLength(before);
    const links = await authTables(runtime)
      .selectFrom('one_time_tokens')
      .select('hash')
      .where('account_id', '=', user.id)
      .where('purpose', '=', 'change-email')
      .execute();
    expect(links).toHaveLength(0);
    expect((await api(runtime, 'GET', '/users/me', { token: user.accessToken })).body.email).toBe(user.email);
  });

  it('refuses a confirmation whose address another account took meanwhile, and changes nothing', async () => {
    const user = await signUpVerified(runtime);
    const wanted = `wanted_${user.username}@example.test`;
    expect((await changeEmail(user.accessToken, PASSWORD, wanted)).status).toBe(202);
    const link = linkTokenFor(runtime, wanted);
    await signUpVerified(runtime, { email: wanted });
    const confirm = await api(runtime, 'POST', '/auth/verify-email', { body: { token: link } });
    expect(confirm.status).toBe(409);
    expect(confirm.body.code).toBe('email_taken');
    expect((await api(runtime, 'GET', '/users/me', { token: user.accessToken })).body.email).toBe(user.email);
    expect(await accountEventTypes(runtime, user.id)).not.toContain('EmailChanged');
  });

  it('only the newest request can be confirmed', async () => {
    const user = await signUpVerified(runtime);
    const first = `first_${user.username}@example.test`;
    const second = `second_${user.username}@example.test`;
    await changeEmail(user.accessToken, PASSWORD, first);
    const firstToken = linkTokenFor(runtime, first);
    await changeEmail(user.accessToken, PASSWORD, second);
    const stale = await api(runtime, 'POST', '/auth/verify-email', { body: { token: firstToken } });
    expect(stale.status).toBe(400);
    expect(stale.body.code).toBe('link_invalid');
    const fresh = await api(runtime, 'POST', '/auth/verify-email', {
      body: { token: linkTokenFor(runtime, second) },
    });
    expect(fresh.status).toBe(200);
    expect((await api(runtime, 'GET', '/users/me', { token: user.accessToken })).body.email).toBe(second);
  });
});
