import { api, signUpVerified, type TestUser } from '../../../test/harness/identity.ts';
import { startTestRuntime, type TestRuntime } from '../../../test/harness/test-runtime.ts';
import { authService } from '../../user/auth/auth-service.ts';
import { chatService } from './chat-service.ts';

/**
 * What the chat tests share: a runtime with the auth service (real sign-ups and `auth` events) and this
 * one, and short ways to call the API as a user. Sign-ups are limited to 10 an hour per runtime: a test
 * file makes at most 9 users. Not a test file itself.
 */
export const startChatRuntime = () => startTestRuntime({ services: [authService, chatService] });

/** A signed-in account whose username reached the chat service. */
export async function chatter(runtime: TestRuntime): Promise<TestUser> {
  const user = await signUpVerified(runtime);
  await runtime.settle();
  return user;
}

/** The API as `user`: `as(user).post('/communities', body)`. */
export function as(runtime: TestRuntime, user: TestUser | null) {
  const call = (method: string) => (path: string, body?: unknown) =>
    api(runtime, method, path, {
      ...(user ? { token: user.accessToken } : {}),
      ...(body !== undefined ? { body } : {}),
    });
  return {
    get: call('GET'),
    post: call('POST'),
    put: call('PUT'),
    patch: call('PATCH'),
    delete: call('DELETE'),
  };
}

/** A community owned by `owner`; `members` join through an invite. */
export async function communityWith(
  runtime: TestRuntime,
  owner: TestUser,
  members: TestUser[] = [],
  name = 'Beat makers',
) {
  const created = await as(runtime, owner).post('/communities', { name });
  if (created.status !== 201)
    throw new Error(`create answered ${created.status}: ${JSON.stringify(created.body)}`);
  const id = created.body.id as string;
  if (members.length) {
    const invite = await as(runtime, owner).post(`/communities/${id}/invites`, {});
    for (const member of members) {
      const joined = await as(runtime, member).post(`/invites/${invite.body.code}`);
      if (joined.status !== 200)
        throw new Error(`join answered ${joined.status}: ${JSON.stringify(joined.body)}`);
    }
  }
  return id;
}

/** A role created by `owner` with `permissions`, given to `holders`. */
export async function roleWith(
  runtime: TestRuntime,
  owner: TestUser,
  communityId: string,
  name: string,
  permissions: number,
  holders: TestUser[] = [],
) {
  const role = await as(runtime, owner).post(`/communities/${communityId}/roles`, { name, permissions });
  if (role.status !== 201) throw new Error(`role answered ${role.status}: ${JSON.stringify(role.body)}`);
  for (const holder of holders) {
    const granted = await as(runtime, owner).put(
      `/communities/${communityId}/members/${holder.id}/roles/${role.body.id}`,
    );
    if (granted.status !== 204)
      throw new Error(`grant answered ${granted.status}: ${JSON.stringify(granted.body)}`);
  }
  return role.body.id as string;
}

/** The community's events, oldest first (its stream is the audit trail). */
export const communityEvents = (runtime: TestRuntime, communityId: string) =>
  runtime.hosted.get('chat')!.store.readStream(`community-${communityId}`);
