import { sql } from 'kysely';
import sharp from 'sharp';
import { api, signUpVerified, type TestUser } from '../../../test/harness/identity.ts';
import { startTestRuntime, type TestRuntime } from '../../../test/harness/test-runtime.ts';
import { eventually } from '../../../test/harness/veza-process.ts';
import { authService } from '../auth/auth-service.ts';
import { profilesService } from './profiles-service.ts';

/**
 * What the profiles tests share: a runtime with the auth service (real sign-ups, real tokens, real
 * `auth` events) and this one, and ways to make accounts and images. Not a test file itself.
 */
export const ADMIN_EMAIL = 'moderation@example.test';

export const startProfilesRuntime = () =>
  startTestRuntime({
    services: [authService, profilesService],
    // An account with this email becomes admin when verified: the moderator-eye view of profiles.
    env: { VEZA_ADMIN_EMAILS: ADMIN_EMAIL },
  });

/** Waits for the profiles service to have created the account's profile (the event is asynchronous). */
export async function profileCreated(runtime: TestRuntime, user: TestUser) {
  await runtime.settle();
  return eventually(
    () => api(runtime, 'GET', '/profiles/me', { token: user.accessToken }),
    (answer) => answer.status !== 404,
  );
}

/** A signed-in account whose profile exists. */
export async function userWithProfile(
  runtime: TestRuntime,
  overrides: { username?: string; email?: string } = {},
): Promise<TestUser> {
  const user = await signUpVerified(runtime, overrides);
  const answer = await profileCreated(runtime, user);
  if (answer.status !== 200) throw new Error(`profile answered ${answer.status}`);
  return user;
}

/**
 * Waits until the profiles consumer has applied the newest `type` event of the account (the kernel inbox
 * holds its id): the auth service's events reach profiles asynchronously, through the bus.
 */
export async function accountEventApplied(runtime: TestRuntime, userId: string, type: string) {
  await runtime.settle();
  const events = await runtime.hosted.get('auth')!.store.readStream(`account-${userId}`);
  const event = events.filter((candidate) => candidate.type === type).at(-1);
  if (!event) throw new Error(`account ${userId} has no ${type} event`);
  await eventually(
    async () =>
      (
        await sql<{
          n: number;
        }>`select count(*)::int as n from profiles.inbox where event_id = ${event.eventId}`.execute(
          runtime.database.kysely,
        )
      ).rows[0]!.n,
    (applied) => applied === 1,
  );
}

/** A solid-colour image made here, so tests need no fixture files. */
export const makeImage = (
  width: number,
  height: number,
  format: 'png' | 'jpeg' | 'webp' = 'png',
  background = { r: 200, g: 40, b: 90 },
) =>
  sharp({ create: { width, height, channels: 3, background } })
    .toFormat(format)
    .toBuffer();

export async function upload(
  runtime: TestRuntime,
  token: string | undefined,
  kind: 'avatar' | 'banner',
  body: Buffer,
  contentType = 'image/png',
) {
  const response = await fetch(`${runtime.url}/api/v1/profiles/me/${kind}`, {
    method: 'PUT',
    headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the endpoint answers
  const answer: any = await response.json();
  return { status: response.status, body: answer };
}

/** Fetches an image path from a profile (`/api/v1/profiles/media/...`). */
export async function fetchMedia(runtime: TestRuntime, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${runtime.url}${path}`, { headers });
  return {
    status: response.status,
    headers: response.headers,
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

/** Every object stored for the user's profile images. */
export const storedImages = (runtime: TestRuntime, userId: string) =>
  runtime.adapters.storage.list(`profiles/${userId}/`);
