import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, PASSWORD, signUpVerified, type TestUser } from '../../../test/harness/identity.ts';
import { startTestRuntime, type TestRuntime } from '../../../test/harness/test-runtime.ts';
import { authService } from './auth-service.ts';

let runtime: TestRuntime;
let admin: TestUser;
beforeAll(async () => {
  runtime = await startTestRuntime({
    services: [authService],
    env: { VEZA_ADMIN_EMAILS: 'root@example.test' },
  });
  admin = await signUpVerified(runtime, { username: 'chief', email: 'root@example.test' });
});
afterAll(() => runtime?.cleanup());

const asAdmin = (method: string, path: string, body?: unknown) =>
  api(runtime, method, path, { token: admin.accessToken, ...(body === undefined ? {} : { body }) });
const refresh = (user: { refreshToken: string }) =>
  api(runtime, 'POST', '/auth/refresh', { body: { refreshToken: user.refreshToken } });
const signIn = (login: string) =>
  api(runtime, 'POST', '/auth/sign-in', { body: { login, password: PASSWORD } });

/** The account's audit trail as the auth service stored it: type, data and who did it. */
async function trail(accountId: string) {
  const events = await runtime.hosted.get('auth')!.store.readStream(`account-${accountId}`);
  return events.map((event) => ({ type: event.type, data: event.data, actor: event.metadata.actor }));
}

describe('suspension', () => {
  it('ends every session at once, refuses sign-in and refresh, and restore lets the owner back', async () => {
    const user = await signUpVerified(runtime);
    const laptop = await signIn(user.username);
    expect((await asAdmin('POST', `/users/${user.id}/suspend`, { reason: 'spam links' })).status).toBe(204);

    for (const token of [user.accessToken, laptop.body.accessToken]) {
      const me = await api(runtime, 'GET', '/users/me', { token });
      expect(me.status).toBe(401);
      expect(me.body.code).toBe('session_revoked');
    }
    const refused = await refresh(user);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('account_suspended');
    const signInRefused = await signIn(user.email);
    expect(signInRefused.status).toBe(403);
    expect(signInRefused.body).toMatchObject({ code: 'account_suspended', detail: 'spam links' });
    const listed = await asAdmin('GET', `/users?query=${user.username}`);
    expect(listed.body.items[0]).toMatchObject({ status: 'suspended', suspendedReason: 'spam links' });

    // Suspending again records nothing new.
    expect((await asAdmin('POST', `/users/${user.id}/suspend`, { reason: 'again' })).status).toBe(204);
    expect((await asAdmin('POST', `/users/${user.id}/restore`)).status).toBe(204);
    const back = await signIn(user.email);
    expect(back.status).toBe(200);
    expect((await api(runtime, 'GET', '/users/me', { token: back.body.accessToken })).body.status).toBe(
      'active',
    );

    expect((await trail(user.id)).filter((event) => event.actor === admin.id)).toEqual([
      { type: 'UserSuspended', data: { reason: 'spam links' }, actor: admin.id },
      { type: 'UserRestored', data: {}, actor: admin.id },
    ]);
  });

  it('refuses suspending oneself, an empty reason, an unknown account and non-admins', async () => {
    const self = await asAdmin('POST', `/users/${admin.id}/suspend`, { reason: 'oops' });
    expect(self.status).toBe(409);
    expect(self.body.code).toBe('cannot_suspend_self');
    expect((await api(runtime, 'GET', '/users/me', { token: admin.accessToken })).status).toBe(200);
    const user = await signUpVerified(runtime);
    expect((await asAdmin('POST', `/users/${user.id}/suspend`, { reason: '' })).status).toBe(400);
    expect(
      (await asAdmin('POST', '/users/0190a000-0000-7000-8000-000000000000/suspend', { reason: 'x' })).status,
    ).toBe(404);
    // Moderators see accounts but do not suspend them.
    await asAdmin('PUT', `/users/${user.id}/roles/moderator`);
    const moderator = (await refresh(user)).body.accessToken as string;
    const other = await signUpVerified(runtime);
    const refused = await api(runtime, 'POST', `/users/${other.id}/suspend`, {
      token: moderator,
      body: { reason: 'no' },
    });
    expect(refused.status).toBe(403);
    expect((await api(runtime, 'GET', '/users/me', { token: other.accessToken })).status).toBe(200);
  });
});
