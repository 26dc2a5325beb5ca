import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authTables } from '../../../test/harness/auth-inspection.ts';
import { api, PASSWORD, signUpVerified, type TestUser } from '../../../test/harness/identity.ts';
import { startTestRuntime, type TestRuntime } from '../../../test/harness/test-runtime.ts';
import { defineService } from '../../kernel/service-module.ts';
import { authService } from './auth-service.ts';
import { currentStep, totpCode } from './totp.ts';

/** A second service in the process, so the export shows it gathers every hosted service's part. */
const scrapbookService = defineService({
  name: 'scrapbook',
  areas: ['scrapbook'],
  migrations: [],
  exportUserData: async (_context, _state, userId) => ({ pages: [`kept for ${userId}`] }),
});

let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime({ services: [authService, scrapbookService] });
});
afterAll(() => runtime?.cleanup());

const post = (path: string, token: string, body?: unknown) =>
  api(runtime, 'POST', path, { token, ...(body === undefined ? {} : { body }) });

async function enableTwoFactor(user: TestUser) {
  const setup = await post('/auth/2fa/setup', user.accessToken, { password: PASSWORD });
  expect(setup.status).toBe(200);
  const step = currentStep();
  const enabled = await post('/auth/2fa/enable', user.accessToken, {
    code: totpCode(setup.body.secret, step),
  });
  expect(enabled.status).toBe(200);
  return { secret: setup.body.secret as string, step, recoveryCodes: enabled.body.recoveryCodes as string[] };
}

describe('POST /users/me/delete', () => {
  it('asks for the password, then deletes the account, ends every session and appends UserDeleted', async () => {
    const user = await signUpVerified(runtime);
    const phone = await api(runtime, 'POST', '/auth/sign-in', {
      body: { login: user.email, password: PASSWORD },
    });
    const missing = await post('/users/me/delete', user.accessToken);
    expect(missing.status).toBe(401);
    expect(missing.body.code).toBe('credentials_invalid');
    const wrong = await post('/users/me/delete', user.accessToken, { password: 'not the password at all' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('credentials_invalid');
    // Refusals leave the account whole.
    expect((await api(runtime, 'GET', '/users/me', { token: user.accessToken })).status).toBe(200);

    expect((await post('/users/me/delete', user.accessToken, { password: PASSWORD })).status).toBe(204);
    for (const token of [user.accessToken, phone.body.accessToken]) {
      const me = await api(runtime, 'GET', '/users/me', { token });
      expect(me.status).toBe(401);
      expect(me.body.code).toBe('session_revoked');
    }
    const refresh = await api(runtime, 'POST', '/auth/refresh', {
      body: { refreshToken: user.refreshToken },
    });
    expect(refresh.body.code).toBe('refresh_invalid');
    const signIn = await api(runtime, 'POST', '/auth/sign-in', {
      body: { login: user.email, password: PASSWORD },
    });
    expect(signIn.body.code).toBe('credentials_invalid');

    const db = authTables(runtime);
    expect(await db.selectFrom('accounts').select('id').where('id', '=', user.id).execute()).toEqual([]);
    expect(await db.selectFrom('sessions').select('id').where('account_id', '=', user.id).execute()).toEqual(
      [],
    );
    const events = await runtime.hosted.get('auth')!.store.readStream(`account-${user.id}`);
    const deleted = events.at(-1)!;
    expect(deleted).toMatchObject({ type: 'UserDeleted', data: { id: user.id } });
    expect(deleted.metadata.actor).toBe(user.id);
    // The username and the address are free again.
    expect((await signUpVerified(runtime, { username: user.username, email: user.email })).id).not.toBe(
      user.id,
    );
  });

  it('asks for a two-factor code too when 2FA is on, and keeps the account on a wrong one', async () => {
    const user = await signUpVerified(runtime);
    const { secret, step, recoveryCodes } = await enableTwoFactor(user);
    const noCode = await post('/users/me/delete', user.accessToken, { password: PASSWORD });
    expect(noCode.status).toBe(401);
    expect(noCode.body.code).toBe('two_factor_required');
    const used = await post('/users/me/delete', user.accessToken, {
      password: PASSWORD,
      totp: totpCode(secret, step),
    });
    expect(used.status).toBe(401);
    expect(used.body.code).toBe('two_factor_invalid');
    expect((await api(runtime, 'GET', '/users/me', { token: user.accessToken })).status).toBe(200);
    const deleted = await post('/users/me/delete', user.accessToken, {
      password: PASSWORD,
      recoveryCode: recoveryCodes[0],
    });
    expect(deleted.status).toBe(204);
    expect((await api(runtime, 'GET', '/users/me', { token: user.accessToken })).status).toBe(401);
  });
});

describe('GET /users/me/export', () => {
  it('is a JSON attachment with the account, sessions, providers, events and other services’ parts, and no secrets', async () => {
    const user = await signUpVerified(runtime);
    const { secret, recoveryCodes } = await enableTwoFactor(user);
    const response = await fetch(`${runtime.url}/api/v1/users/me/export`, {
      headers: { authorization: `Bearer ${user.accessToken}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="veza-export-[\d-]+\.json"$/,
    );
    const text = await response.text();
    const archive = JSON.parse(text);
    expect(archive.userId).toBe(user.id);
    expect(archive.services.scrapbook).toEqual({ pages: [`kept for ${user.id}`] });
    const auth = archive.services.auth;
    expect(auth.account).toMatchObject({
      id: user.id,
      username: user.username,
      email: user.email,
      roles: ['listener'],
      status: 'active',
      hasPassword: true,
      twoFactorEnabled: true,
    });
    expect(auth.sessions.map((session: { id: string }) => session.id)).toContain(user.sessionId);
    expect(auth.providers).toEqual([]);
    expect(auth.events.map((event: { type: string }) => event.type)).toEqual([
      'UserRegistered',
      'EmailVerified',
      'TwoFactorEnabled',
    ]);

    // Nothing that would help someone who finds the file: hashes, secrets, tokens, ciphertexts.
    const stored = await authTables(runtime)
      .selectFrom('accounts')
      .select(['password_hash', 'totp_secret_enc', 'email_enc', 'email_hash'])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    for (const secretValue of [
      stored.password_hash!,
      stored.totp_secret_enc!,
      stored.email_enc,
      stored.email_hash,
      secret,
      ...recoveryCodes,
      user.refreshToken,
      user.accessToken,
    ])
      expect(text).not.toContain(secretValue);
    expect(text).not.toContain('$argon2');

    expect((await api(runtime, 'GET', '/users/me/export')).status).toBe(401);
  });
});
