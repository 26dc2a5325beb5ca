import { afterAll, beforeAll } from 'vitest';
import { api, PASSWORD, signUpVerified, type TestUser } from '../../../test/harness/identity.ts';
import { startTestRuntime, type TestRuntime } from '../../../test/harness/test-runtime.ts';
import { authService } from './auth-service.ts';

export const ADMIN_EMAIL = 'root@example.test';

/**
 * What the admin tests share: an auth runtime whose first account is admin (through VEZA_ADMIN_EMAILS),
 * started before the file's tests and stopped after. Not a test file itself.
 */
export function useAdminRuntime() {
  const kit = {
    runtime: undefined as unknown as TestRuntime,
    admin: undefined as unknown as TestUser,
    asAdmin: (method: string, path: string, body?: unknown) =>
      api(kit.runtime, method, path, {
        token: kit.admin.accessToken,
        ...(body === undefined ? {} : { body }),
      }),
    refresh: (user: { refreshToken: string }) =>
      api(kit.runtime, 'POST', '/auth/refresh', { body: { refreshToken: user.refreshToken } }),
    signIn: (login: string) =>
      api(kit.runtime, 'POST', '/auth/sign-in', { body: { login, password: PASSWORD } }),
    /** The account's audit trail as the auth service stored it: type, data and who did it. */
    async trail(accountId: string) {
      const events = await kit.runtime.hosted.get('auth')!.store.readStream(`account-${accountId}`);
      return events.map((event) => ({ type: event.type, data: event.data, actor: event.metadata.actor }));
    },
  };
  beforeAll(async () => {
    kit.runtime = await startTestRuntime({
      services: [authService],
      env: { VEZA_ADMIN_EMAILS: ADMIN_EMAIL },
    });
    kit.admin = await signUpVerified(kit.runtime, { username: 'chief', email: ADMIN_EMAIL });
  });
  afterAll(() => kit.runtime?.cleanup());
  return kit;
}
