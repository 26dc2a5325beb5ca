import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authTables } from '../../../test/harness/auth-inspection.ts';
import { api, linkTokenFor, PASSWORD, signUpVerified } from '../../../test/harness/identity.ts';
import { startTestRuntime, type TestRuntime } from '../../../test/harness/test-runtime.ts';
import { authService } from './auth-service.ts';
import { hashSecret } from './secret-tokens.ts';

let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime({ services: [authService] });
});
afterAll(() => runtime?.cleanup());

describe('sign-up, verification and sign-in', () => {
  it('signs up, refuses sign-in until verified, then signs in and reads /users/me', async () => {
    const email = 'ada@example.test';
    const signUp = await api(runtime, 'POST', '/auth/sign-up', {
      body: { email, username: 'ada', password: PASSWORD },
    });
    expect(signUp.status).toBe(202);
    const early = await api(runtime, 'POST', '/auth/sign-in', { body: { login: 'ada', password: PASSWORD } });
    expect(early.status).toBe(403);
    expect(early.body.code).toBe('email_unverified');
    const verify = await api(runtime, 'POST', '/auth/verify-email', {
      body: { token: linkTokenFor(runtime, email) },
    });
    expect(verify.body).toEqual({ status: 'verified', purpose: 'verify-email' });
    const signIn = await api(runtime, 'POST', '/auth/sign-in', {
      body: { login: 'ADA@example.test', password: PASSWORD },
    });
    expect(signIn.status).toBe(200);
    const me = await api(runtime, 'GET', '/users/me', { token: signIn.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      username: 'ada',
      email,
      emailVerified: true,
      roles: ['listener'],
      twoFactorEnabled: false,
    });
    expect(me.body.permissions).toContain('profile:edit');
  });

  it('refuses an expired verification link (410) and a used one (400), and a resend issues a working one', async () => {
    const email = 'late@example.test';
    await api(runtime, 'POST', '/auth/sign-up', {
      body: { email, username: 'late_verifier', password: PASSWORD },
    });
    const first = linkTokenFor(runtime, email);
    // Stands in for the 24 hours passing.
    await authTables(runtime)
      .updateTable('one_time_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('hash', '=', hashSecret(first))
      .execute();
    const expired = await api(runtime, 'POST', '/auth/verify-email', { body: { token: first } });
    expect([expired.status, expired.body.code]).toEqual([410, 'link_expired']);
    expect(
      (await api(runtime, 'POST', '/auth/sign-in', { body: { login: email, password: PASSWORD } })).body.code,
    ).toBe('email_unverified');
    expect((await api(runtime, 'POST', '/auth/verify-email/resend', { body: { email } })).status).toBe(202);
    const second = linkTokenFor(runtime, email);
    expect(second).not.toBe(first);
    expect((await api(runtime, 'POST', '/auth/verify-email', { body: { token: second } })).status).toBe(200);
    const reused = await api(runtime, 'POST', '/auth/verify-email', { body: { token: second } });
    expect([reused.status, reused.body.code]).toEqual([400, 'link_invalid']);
  });

  it('answers a taken email exactly like a new one, and warns the owner by mail', async () => {
    const user = await signUpVerified(runtime);
    const again = await api(runtime, 'POST', '/auth/sign-up', {
      body: { email: user.email, username: 'someone_else', password: PASSWORD },
    });
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ status: 'verification_sent' });
  });

  it('refuses a wrong password and an unknown account with the same generic problem', async () => {
    const user = await signUpVerified(runtime);
    const wrong = await api(runtime, 'POST', '/auth/sign-in', {
      body: { login: user.email, password: 'not the password at all' },
    });
    const unknown = await api(runtime, 'POST', '/auth/sign-in', {
      body: { login: 'nobody@example.test', password: PASSWORD },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.code).toBe('credentials_invalid');
    expect(unknown.body.detail).toBe(wrong.body.detail);
  });

  it('rotates refresh tokens and revokes the whole family when a used one comes back', async () => {
    const user = await signUpVerified(runtime);
    const first = await api(runtime, 'POST', '/auth/refresh', { body: { refreshToken: user.refreshToken } });
    expect(first.status).toBe(200);
    expect(first.body.refreshToken).not.toBe(user.refreshToken);
    const second = await api(runtime, 'POST', '/auth/refresh', {
      body: { refreshToken: first.body.refreshToken },
    });
    expect(second.status).toBe(200);
    const reuse = await api(runtime, 'POST', '/auth/refresh', { body: { refreshToken: user.refreshToken } });
    expect(reuse.status).toBe(401);
    expect(reuse.body.code).toBe('refresh_reused');
    // The newest refresh token and access token of the family are dead too.
    const latest = await api(runtime, 'POST', '/auth/refresh', {
      body: { refreshToken: second.body.refreshToken },
    });
    expect(latest.body.code).toBe('session_revoked');
    const me = await api(runtime, 'GET', '/users/me', { token: second.body.accessToken });
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('session_revoked');
  });

  it('signs out: the access token stops working at once', async () => {
    const user = await signUpVerified(runtime);
    expect((await api(runtime, 'POST', '/auth/sign-out', { token: user.accessToken })).status).toBe(204);
    const me = await api(runtime, 'GET', '/users/me', { token: user.accessToken });
    expect(me.body.code).toBe('session_revoked');
  });
});

describe('cookie sessions (the web app)', () => {
  const cookieJar = (response: Response) =>
    Object.fromEntries(
      response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]!.split('=') as [string, string]),
    );

  it('sets httpOnly cookies, requires the CSRF echo on unsafe methods, and refreshes from the cookie', async () => {
    const user = await signUpVerified(runtime);
    const signIn = await fetch(`${runtime.url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: user.email, password: PASSWORD, delivery: 'cookie' }),
    });
    const body = (await signIn.json()) as { accessToken?: string; csrfToken: string };
    expect(body.accessToken).toBeUndefined();
    const setCookies = signIn.headers.getSetCookie();
    expect(setCookies.find((cookie) => cookie.startsWith('veza_access='))).toMatch(/HttpOnly/i);
    expect(setCookies.find((cookie) => cookie.startsWith('veza_refresh='))).toMatch(
      /Path=\/api\/v1\/auth.*HttpOnly|HttpOnly.*Path=\/api\/v1\/auth/i,
    );
    expect(setCookies.find((cookie) => cookie.startsWith('veza_csrf='))).not.toMatch(/HttpOnly/i);
    const jar = cookieJar(signIn);
    expect(jar.veza_csrf).toBe(body.csrfToken);
    const cookie = Object.entries(jar)
      .map(([name, value]) => `${name}=${value}`)
      .join('; ');
    const me = await fetch(`${runtime.url}/api/v1/users/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    const withoutEcho = await fetch(`${runtime.url}/api/v1/auth/sign-out`, {
      method: 'POST',
      headers: { cookie },
    });
    expect(withoutEcho.status).toBe(403);
    expect(((await withoutEcho.json()) as { code: string }).code).toBe('csrf_failed');
    const refreshWithoutEcho = await fetch(`${runtime.url}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: { cookie },
    });
    expect(((await refreshWithoutEcho.json()) as { code: string }).code).toBe('csrf_failed');
    const refreshed = await fetch(`${runtime.url}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': jar.veza_csrf! },
    });
    expect(refreshed.status).toBe(200);
    const next = cookieJar(refreshed);
    expect(next.veza_refresh).not.toBe(jar.veza_refresh);
    // A stale access cookie (expired, or garbage) does not stand in the way of refreshing it, while a route
    // that needs sign-in says why it refused.
    const stale = `veza_access=stale.token.here; veza_refresh=${next.veza_refresh}; veza_csrf=${next.veza_csrf}`;
    const meStale = await fetch(`${runtime.url}/api/v1/users/me`, { headers: { cookie: stale } });
    expect(((await meStale.json()) as { code: string }).code).toBe('token_invalid');
    const recovered = await fetch(`${runtime.url}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: { cookie: stale, 'x-csrf-token': next.veza_csrf! },
    });
    expect(recovered.status).toBe(200);
    Object.assign(next, cookieJar(recovered));
    const signOut = await fetch(`${runtime.url}/api/v1/auth/sign-out`, {
      method: 'POST',
      headers: {
        cookie: `veza_access=${next.veza_access}; veza_csrf=${next.veza_csrf}`,
        'x-csrf-token': next.veza_csrf!,
      },
    });
    expect(signOut.status).toBe(204);
  });
});

describe('phone number for security alerts', () => {
  it('is set with the password, stored encrypted, shown to the owner and removable', async () => {
    const user = await signUpVerified(runtime);
    const wrong = await api(runtime, 'PUT', '/users/me/phone', {
      token: user.accessToken,
      body: { phone: '+33612345678', password: 'not my password at all' },
    });
    expect(wrong.body.code).toBe('credentials_invalid');
    const bad = await api(runtime, 'PUT', '/users/me/phone', {
      token: user.accessToken,
      body: { phone: '0612345678', password: PASSWORD },
    });
    expect(bad.body.code).toBe('validation_failed');
    const set = await api(runtime, 'PUT', '/users/me/phone', {
      token: user.accessToken,
      body: { phone: '+33612345678', password: PASSWORD },
    });
    expect(set.status).toBe(204);
    expect((await api(runtime, 'GET', '/users/me', { token: user.accessToken })).body.phone).toBe(
      '+33612345678',
    );
    const row = await runtime.database.kysely
      .withSchema('auth')
      .selectFrom('accounts' as never)
      .select('phone_enc' as never)
      .where('id' as never, '=', user.id as never)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('612345678');
    expect((await api(runtime, 'DELETE', '/users/me/phone', { token: user.accessToken })).status).toBe(204);
    expect((await api(runtime, 'GET', '/users/me', { token: user.accessToken })).body.phone).toBeNull();
  });
});
