import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountEventTypes, authTables } from '../../../test/harness/auth-inspection.ts';
import { api, PASSWORD, signUpVerified, type TestUser } from '../../../test/harness/identity.ts';
import { startTestRuntime, type TestRuntime } from '../../../test/harness/test-runtime.ts';
import { authService } from './auth-service.ts';
import { hashSecret } from './secret-tokens.ts';
import { currentStep, totpCode } from './totp.ts';

let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await startTestRuntime({ services: [authService] });
});
afterAll(() => runtime?.cleanup());

const RECOVERY_CODE = /^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/;

const post = (path: string, token: string, body: unknown) => api(runtime, 'POST', path, { token, body });
const signIn = (login: string, extra: { totp?: string; recoveryCode?: string } = {}) =>
  api(runtime, 'POST', '/auth/sign-in', { body: { login, password: PASSWORD, ...extra } });
const accountRow = (id: string) =>
  authTables(runtime).selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

/** A six-digit code that no step near `step` produces. */
function wrongCodeFor(secret: string, step: number): string {
  const near = new Set([-2, -1, 0, 1, 2].map((delta) => totpCode(secret, step + delta)));
  return ['000000', '111111', '222222', '333333', '444444', '555555'].find((code) => !near.has(code))!;
}

/**
 * Sets up and enables 2FA, answering the secret, the recovery codes and the time step the enabling code
 * used. Codes are accepted for one step either side of the server's clock, so tests use `step + 1`,
 * `step + 2`… for the next codes: each step can be used once.
 */
async function enableTwoFactor(user: TestUser) {
  const setup = await post('/auth/2fa/setup', user.accessToken, { password: PASSWORD });
  expect(setup.status).toBe(200);
  const { secret } = setup.body as { secret: string };
  const step = currentStep();
  const enabled = await post('/auth/2fa/enable', user.accessToken, { code: totpCode(secret, step) });
  expect(enabled.status).toBe(200);
  return { secret, step, recoveryCodes: enabled.body.recoveryCodes as string[] };
}

describe('TOTP two-factor', () => {
  it('sets up a secret that does nothing until a code from the app enables it', async () => {
    const user = await signUpVerified(runtime);
    const wrongPassword = await post('/auth/2fa/setup', user.accessToken, { password: 'not my password' });
    expect(wrongPassword.status).toBe(401);
    expect(wrongPassword.body.code).toBe('credentials_invalid');

    const setup = await post('/auth/2fa/setup', user.accessToken, { password: PASSWORD });
    expect(setup.status).toBe(200);
    const { secret, otpauthUrl } = setup.body as { secret: string; otpauthUrl: string };
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUrl).toBe(
      `otpauth://totp/Veza:${user.username}?secret=${secret}&issuer=Veza&algorithm=SHA1&digits=6&period=30`,
    );
    const pending = await accountRow(user.id);
    expect(pending.totp_secret_enc).toBeTruthy();
    expect(pending.totp_secret_enc).not.toContain(secret);
    expect(pending.totp_enabled_at).toBeNull();
    // Pending: sign-in asks for nothing yet.
    expect((await signIn(user.email)).status).toBe(200);

    const step = currentStep();
    const rightCode = totpCode(secret, step);
    const wrongCode = await post('/auth/2fa/enable', user.accessToken, { code: wrongCodeFor(secret, step) });
    expect(wrongCode.status).toBe(401);
    expect(wrongCode.body.code).toBe('two_factor_invalid');
    expect((await accountRow(user.id)).totp_enabled_at).toBeNull();
    const enabled = await post('/auth/2fa/enable', user.accessToken, { code: rightCode });
    expect(enabled.status).toBe(200);
    const codes = enabled.body.recoveryCodes as string[];
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(RECOVERY_CODE);

    const stored = await authTables(runtime)
      .selectFrom('recovery_codes')
      .select('hash')
      .where('account_id', '=', user.id)
      .execute();
    expect(stored.map((row) => row.hash).sort()).toEqual(codes.map(hashSecret).sort());
    expect(JSON.stringify(stored)).not.toContain(codes[0]!);
    expect((await accountRow(user.id)).totp_enabled_at).not.toBeNull();
    const me = await api(runtime, 'GET', '/users/me', { token: user.accessToken });
    expect(me.body.twoFactorEnabled).toBe(true);
    expect(await accountEventTypes(runtime, user.id)).toContain('TwoFactorEnabled');

    // Already on: setting up again or enabling again is a conflict, the secret stays.
    const again = await post('/auth/2fa/setup', user.accessToken, { password: PASSWORD });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('two_factor_already_enabled');
    expect(
      (await post('/auth/2fa/enable', user.accessToken, { code: totpCode(secret, step + 1) })).body.code,
    ).toBe('two_factor_already_enabled');
  });

  it('signs in with a TOTP code once, refuses its replay, and takes each recovery code once', async () => {
    const user = await signUpVerified(runtime);
    const { secret, step, recoveryCodes } = await enableTwoFactor(user);

    const missing = await signIn(user.email);
    expect(missing.status).toBe(401);
    expect(missing.body.code).toBe('two_factor_required');
    // The code that enabled 2FA has been used.
    const enablingCode = await signIn(user.email, { totp: totpCode(secret, step) });
    expect(enablingCode.body.code).toBe('two_factor_invalid');

    const code = totpCode(secret, step + 1);
    const withCode = await signIn(user.email, { totp: code });
    expect(withCode.status).toBe(200);
    const replay = await signIn(user.email, { totp: code });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('two_factor_invalid');

    const withRecovery = await signIn(user.email, { recoveryCode: recoveryCodes[0]! });
    expect(withRecovery.status).toBe(200);
    const recoveryReplay = await signIn(user.email, { recoveryCode: recoveryCodes[0]! });
    expect(recoveryReplay.body.code).toBe('two_factor_invalid');
    // Typed in capitals from the printout, another code still works.
    expect((await signIn(user.email, { recoveryCode: recoveryCodes[1]!.toUpperCase() })).status).toBe(200);
  });

  it('replaces the recovery codes with password and code; the old ones stop working', async () => {
    const user = await signUpVerified(runtime);
    const { secret, step, recoveryCodes } = await enableTwoFactor(user);

    const wrongPassword = await post('/auth/2fa/recovery-codes', user.accessToken, {
      password: 'not my password',
      code: totpCode(secret, step + 1),
    });
    expect(wrongPassword.body.code).toBe('credentials_invalid');
    const wrongCode = await post('/auth/2fa/recovery-codes', user.accessToken, {
      password: PASSWORD,
      code: 'aaaa-bbbb-cccc',
    });
    expect(wrongCode.status).toBe(401);
    expect(wrongCode.body.code).toBe('two_factor_invalid');

    const replaced = await post('/auth/2fa/recovery-codes', user.accessToken, {
      password: PASSWORD,
      code: totpCode(secret, step + 1),
    });
    expect(replaced.status).toBe(200);
    const fresh = replaced.body.recoveryCodes as string[];
    expect(fresh).toHaveLength(10);
    expect(fresh.filter((code) => recoveryCodes.includes(code))).toEqual([]);
    expect(await accountEventTypes(runtime, user.id)).toContain('RecoveryCodesReplaced');

    expect((await signIn(user.email, { recoveryCode: recoveryCodes[2]! })).body.code).toBe(
      'two_factor_invalid',
    );
    expect((await signIn(user.email, { recoveryCode: fresh[0]! })).status).toBe(200);
  });

  it('turns off with the password and a TOTP code', async () => {
    const user = await signUpVerified(runtime);
    const { secret, step } = await enableTwoFactor(user);

    const wrongPassword = await post('/auth/2fa/disable', user.accessToken, {
      password: 'not my password',
      code: totpCode(secret, step + 1),
    });
    expect(wrongPassword.body.code).toBe('credentials_invalid');
    const replayed = await post('/auth/2fa/disable', user.accessToken, {
      password: PASSWORD,
      code: totpCode(secret, step),
    });
    expect(replayed.status).toBe(401);
    expect(replayed.body.code).toBe('two_factor_invalid');
    expect((await accountRow(user.id)).totp_enabled_at).not.toBeNull();

    const off = await post('/auth/2fa/disable', user.accessToken, {
      password: PASSWORD,
      code: totpCode(secret, step + 1),
    });
    expect(off.status).toBe(204);
    const row = await accountRow(user.id);
    expect(row.totp_enabled_at).toBeNull();
    expect(row.totp_secret_enc).toBeNull();
    const codes = await authTables(runtime)
      .selectFrom('recovery_codes')
      .select('hash')
      .where('account_id', '=', user.id)
      .execute();
    expect(codes).toEqual([]);
    expect(await accountEventTypes(runtime, user.id)).toContain('TwoFactorDisabled');
    expect((await api(runtime, 'GET', '/users/me', { token: user.accessToken })).body.twoFactorEnabled).toBe(
      false,
    );
    expect((await signIn(user.email)).status).toBe(200);

    const twice = await post('/auth/2fa/disable', user.accessToken, {
      password: PASSWORD,
      code: totpCode(secret, step + 2),
    });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('two_factor_not_enabled');
  });

  it('turns off with a recovery code when the phone is lost', async () => {
    const user = await signUpVerified(runtime);
    const { recoveryCodes } = await enableTwoFactor(user);
    const off = await post('/auth/2fa/disable', user.accessToken, {
      password: PASSWORD,
      code: recoveryCodes[3]!,
    });
    expect(off.status).toBe(204);
    expect((await signIn(user.email)).status).toBe(200);
  });

  it('refuses to enable without setup, and code actions when 2FA is off or signed out', async () => {
    const user = await signUpVerified(runtime);
    const enable = await post('/auth/2fa/enable', user.accessToken, { code: '123456' });
    expect(enable.status).toBe(409);
    expect(enable.body.code).toBe('two_factor_not_set_up');
    const codes = await post('/auth/2fa/recovery-codes', user.accessToken, {
      password: PASSWORD,
      code: '123456',
    });
    expect(codes.status).toBe(409);
    expect(codes.body.code).toBe('two_factor_not_enabled');
    const anonymous = await api(runtime, 'POST', '/auth/2fa/setup', { body: { password: PASSWORD } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('unauthenticated');
  });
});
