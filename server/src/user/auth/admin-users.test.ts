import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { api, signUpVerified } from '../../../test/harness/identity.ts';
import { useAdminRuntime } from './admin-test-kit.ts';

const kit = useAdminRuntime();
const { asAdmin, refresh, signIn, trail } = kit;

describe('admin bootstrap', () => {
  it('makes a VEZA_ADMIN_EMAILS account admin when it verifies its address', async () => {
    const me = await api(kit.runtime, 'GET', '/users/me', { token: kit.admin.accessToken });
    expect(me.body.roles).toEqual(['listener', 'admin']);
    expect(me.body.permissions).toEqual(
      expect.arrayContaining(['users:view', 'users:manage', 'roles:grant']),
    );
  });
});

describe('GET /users', () => {
  it('pages newest first by cursor, matches a username prefix in any case, and shows emails to staff', async () => {
    const prefix = `dir${randomBytes(3).toString('hex')}`;
    const first = await signUpVerified(kit.runtime, { username: `${prefix}_a1` });
    const second = await signUpVerified(kit.runtime, { username: `${prefix}_a2` });
    const third = await signUpVerified(kit.runtime, { username: `${prefix}_a3` });
    // `_` is a LIKE wildcard: this one must not match the prefix `<prefix>_`.
    await signUpVerified(kit.runtime, { username: `${prefix}xa4` });

    const search = `/users?query=${encodeURIComponent(`${prefix.toUpperCase()}_`)}`;
    const page1 = await asAdmin('GET', `${search}&limit=2`);
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((item: { username: string }) => item.username)).toEqual([
      third.username,
      second.username,
    ]);
    expect(page1.body.items[0]).toMatchObject({
      id: third.id,
      email: third.email,
      emailVerified: true,
      roles: ['listener'],
      status: 'active',
    });
    expect(page1.body.nextCursor).toBe(second.id);
    const page2 = await asAdmin('GET', `${search}&limit=2&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items.map((item: { id: string }) => item.id)).toEqual([first.id]);
    expect(page2.body.nextCursor).toBeNull();

    const byEmail = await asAdmin('GET', `/users?query=${encodeURIComponent(second.email.toUpperCase())}`);
    expect(byEmail.body.items.map((item: { id: string }) => item.id)).toEqual([second.id]);
    const wildcard = await asAdmin('GET', `/users?query=${encodeURIComponent('%')}`);
    expect(wildcard.body.items).toEqual([]);

    const all = await asAdmin('GET', '/users?limit=100');
    expect(all.body.items.length).toBeGreaterThanOrEqual(5);
    const ids = all.body.items.map((item: { id: string }) => item.id);
    expect(ids).toEqual([...ids].sort().reverse());
  });

  it('refuses limits outside 1–100, a malformed cursor, and callers without users:view', async () => {
    for (const query of ['limit=0', 'limit=101', 'cursor=not-a-uuid'])
      expect((await asAdmin('GET', `/users?${query}`)).status).toBe(400);
    const listener = await signUpVerified(kit.runtime);
    const refused = await api(kit.runtime, 'GET', '/users', { token: listener.accessToken });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forbidden');
  });
});

describe('roles', () => {
  it('grants a role from the next refresh on, and records who granted it', async () => {
    const user = await signUpVerified(kit.runtime);
    expect((await asAdmin('PUT', `/users/${user.id}/roles/moderator`)).status).toBe(204);
    // The token in hand was issued before the grant: it still carries listener only.
    expect((await api(kit.runtime, 'GET', '/users', { token: user.accessToken })).status).toBe(403);
    const refreshed = await refresh(user);
    expect(refreshed.status).toBe(200);
    expect((await api(kit.runtime, 'GET', '/users', { token: refreshed.body.accessToken })).status).toBe(200);
    const me = await api(kit.runtime, 'GET', '/users/me', { token: refreshed.body.accessToken });
    expect(me.body.roles).toEqual(['listener', 'moderator']);

    // Granting again changes nothing and records nothing; roles stay in their canonical order.
    expect((await asAdmin('PUT', `/users/${user.id}/roles/moderator`)).status).toBe(204);
    expect((await asAdmin('PUT', `/users/${user.id}/roles/artist`)).status).toBe(204);
    const listed = await asAdmin('GET', `/users?query=${user.username}`);
    expect(listed.body.items[0].roles).toEqual(['listener', 'artist', 'moderator']);
    expect((await trail(user.id)).filter((event) => event.type === 'RoleGranted')).toEqual([
      { type: 'RoleGranted', data: { role: 'moderator' }, actor: kit.admin.id },
      { type: 'RoleGranted', data: { role: 'artist' }, actor: kit.admin.id },
    ]);
  });

  it('revokes a role and ends the account’s sessions at once, so the demoted power is gone now', async () => {
    const user = await signUpVerified(kit.runtime);
    await asAdmin('PUT', `/users/${user.id}/roles/moderator`);
    const promoted = await refresh(user);
    const token = promoted.body.accessToken as string;
    expect((await api(kit.runtime, 'GET', '/users', { token })).status).toBe(200);

    expect((await asAdmin('DELETE', `/users/${user.id}/roles/moderator`)).status).toBe(204);
    const stale = await api(kit.runtime, 'GET', '/users', { token });
    expect(stale.status).toBe(401);
    expect(stale.body.code).toBe('session_revoked');
    expect((await refresh({ refreshToken: promoted.body.refreshToken })).body.code).toBe('session_revoked');

    const again = await signIn(user.email);
    expect(again.status).toBe(200);
    expect((await api(kit.runtime, 'GET', '/users', { token: again.body.accessToken })).status).toBe(403);
    // Revoking a role the account does not hold is a no-op: no event, and the new session lives on.
    expect((await asAdmin('DELETE', `/users/${user.id}/roles/moderator`)).status).toBe(204);
    expect((await api(kit.runtime, 'GET', '/users/me', { token: again.body.accessToken })).status).toBe(200);
    expect((await trail(user.id)).filter((event) => event.type === 'RoleRevoked')).toEqual([
      { type: 'RoleRevoked', data: { role: 'moderator' }, actor: kit.admin.id },
    ]);
  });

  it('refuses unknown roles and accounts, revoking listener, self-demotion, and non-admins', async () => {
    const user = await signUpVerified(kit.runtime);
    const unknownRole = await asAdmin('PUT', `/users/${user.id}/roles/superuser`);
    expect(unknownRole.status).toBe(400);
    expect(unknownRole.body.code).toBe('validation_failed');
    const unknownAccount = await asAdmin('PUT', '/users/0190a000-0000-7000-8000-000000000000/roles/artist');
    expect(unknownAccount.status).toBe(404);
    const listener = await asAdmin('DELETE', `/users/${user.id}/roles/listener`);
    expect(listener.status).toBe(409);
    expect(listener.body.code).toBe('role_permanent');
    const self = await asAdmin('DELETE', `/users/${kit.admin.id}/roles/admin`);
    expect(self.status).toBe(409);
    expect(self.body.code).toBe('cannot_demote_self');
    expect(
      (await api(kit.runtime, 'GET', '/users/me', { token: kit.admin.accessToken })).body.roles,
    ).toContain('admin');

    // A moderator may view accounts but not grant roles.
    await asAdmin('PUT', `/users/${user.id}/roles/moderator`);
    const moderator = (await refresh(user)).body.accessToken as string;
    const grant = await api(kit.runtime, 'PUT', `/users/${user.id}/roles/admin`, { token: moderator });
    expect(grant.status).toBe(403);
    expect((await trail(user.id)).map((event) => event.type)).not.toContain('RoleRevoked');
  });
});
