import { describe, expect, it } from 'vitest';
import { api, signUpVerified } from '../../../test/harness/identity.ts';
import { useAdminRuntime } from './admin-test-kit.ts';

const kit = useAdminRuntime();
const { asAdmin, refresh, signIn, trail } = kit;

describe('suspension', () => {
  it('ends every session at once, refuses sign-in and refresh, and restore lets the owner back', async () => {
    const user = await signUpVerified(kit.runtime);
    const laptop = await signIn(user.username);
    expect((await asAdmin('POST', `/users/${user.id}/suspend`, { reason: 'spam links' })).status).toBe(204);

    for (const token of [user.accessToken, laptop.body.accessToken]) {
      const me = await api(kit.runtime, 'GET', '/users/me', { token });
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
    expect((await api(kit.runtime, 'GET', '/users/me', { token: back.body.accessToken })).body.status).toBe(
      'active',
    );

    expect((await trail(user.id)).filter((event) => event.actor === kit.admin.id)).toEqual([
      { type: 'UserSuspended', data: { reason: 'spam links' }, actor: kit.admin.id },
      { type: 'UserRestored', data: {}, actor: kit.admin.id },
    ]);
  });

  it('refuses suspending oneself, an empty reason, an unknown account and non-admins', async () => {
    const self = await asAdmin('POST', `/users/${kit.admin.id}/suspend`, { reason: 'oops' });
    expect(self.status).toBe(409);
    expect(self.body.code).toBe('cannot_suspend_self');
    expect((await api(kit.runtime, 'GET', '/users/me', { token: kit.admin.accessToken })).status).toBe(200);
    const user = await signUpVerified(kit.runtime);
    expect((await asAdmin('POST', `/users/${user.id}/suspend`, { reason: '' })).status).toBe(400);
    expect(
      (await asAdmin('POST', '/users/0190a000-0000-7000-8000-000000000000/suspend', { reason: 'x' })).status,
    ).toBe(404);
    // Moderators see accounts but do not suspend them.
    await asAdmin('PUT', `/users/${user.id}/roles/moderator`);
    const moderator = (await refresh(user)).body.accessToken as string;
    const other = await signUpVerified(kit.runtime);
    const refused = await api(kit.runtime, 'POST', `/users/${other.id}/suspend`, {
      token: moderator,
      body: { reason: 'no' },
    });
    expect(refused.status).toBe(403);
    expect((await api(kit.runtime, 'GET', '/users/me', { token: other.accessToken })).status).toBe(200);
  });
});
