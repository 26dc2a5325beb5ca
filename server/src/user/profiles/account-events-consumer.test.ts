import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, signUpVerified } from '../../../test/harness/identity.ts';
import type { TestRuntime } from '../../../test/harness/test-runtime.ts';
import {
  ADMIN_EMAIL,
  accountEventApplied,
  fetchMedia,
  makeImage,
  profileCreated,
  startProfilesRuntime,
  storedImages,
  upload,
  userWithProfile,
} from './profile-test-kit.ts';

let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await startProfilesRuntime();
});
afterAll(() => runtime?.cleanup());

describe('profiles follow accounts', () => {
  it('creates a profile from UserRegistered, named after the username', async () => {
    const user = await signUpVerified(runtime);
    const answer = await profileCreated(runtime, user);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      id: user.id,
      username: user.username,
      displayName: user.username,
      bio: '',
      links: [],
      location: '',
      genres: [],
      private: false,
      limited: false,
      avatar: null,
      banner: null,
    });
    const page = await api(runtime, 'GET', `/profiles/${user.username.toUpperCase()}`);
    expect(page.status).toBe(200);
    expect(page.body.id).toBe(user.id);
    const events = await sql<{
      type: string;
    }>`select type from profiles.events where stream_id = ${`profile-${user.id}`}`.execute(
      runtime.database.kysely,
    );
    expect(events.rows.map((row) => row.type)).toEqual(['ProfileCreated']);
  });

  it('applies a redelivered UserRegistered once', async () => {
    const user = await userWithProfile(runtime);
    const [registered] = await runtime.hosted.get('auth')!.store.readStream(`account-${user.id}`);
    expect(registered?.type).toBe('UserRegistered');
    // What a second delivery from the bus does: the kernel's inbox sees the event id and skips it.
    const consumer = runtime.hosted.get('profiles')!.consumers[0]!;
    const { idempotentDelivery } = await import('../../kernel/events/idempotent-consumer.ts');
    const deliver = idempotentDelivery(consumer, {
      db: runtime.database.kysely,
      store: runtime.hosted.get('profiles')!.store,
      metrics: runtime.deps.metrics,
      tracing: runtime.deps.tracing,
      onAppended: () => {},
    });
    await deliver(registered!);
    const rows = await sql<{
      n: number;
    }>`select count(*)::int as n from profiles.profiles where user_id = ${user.id}`.execute(
      runtime.database.kysely,
    );
    expect(rows.rows[0]!.n).toBe(1);
  });

  it('deletes the profile, its images and its approvals on UserDeleted', async () => {
    const user = await userWithProfile(runtime);
    const friend = await userWithProfile(runtime);
    expect((await upload(runtime, user.accessToken, 'avatar', await makeImage(300, 300))).status).toBe(200);
    const withBanner = await upload(runtime, user.accessToken, 'banner', await makeImage(1600, 600));
    expect(withBanner.status).toBe(200);
    expect(await storedImages(runtime, user.id)).toHaveLength(5);
    // The user approved a friend, and is approved by them: both rows must go.
    expect(
      (await api(runtime, 'PUT', `/profiles/me/viewers/${friend.id}`, { token: user.accessToken })).status,
    ).toBe(204);
    expect(
      (await api(runtime, 'PUT', `/profiles/me/viewers/${user.id}`, { token: friend.accessToken })).status,
    ).toBe(204);

    const deletion = await api(runtime, 'POST', '/users/me/delete', {
      token: user.accessToken,
      body: { password: user.password },
    });
    expect(deletion.status).toBe(204);
    await accountEventApplied(runtime, user.id, 'UserDeleted');

    expect((await api(runtime, 'GET', `/profiles/${user.username}`)).status).toBe(404);
    expect(await storedImages(runtime, user.id)).toEqual([]);
    expect((await fetchMedia(runtime, withBanner.body.avatar.large)).status).toBe(404);
    const viewers = await api(runtime, 'GET', '/profiles/me/viewers', { token: friend.accessToken });
    expect(viewers.body.items).toEqual([]);
    const approvals = await sql<{
      n: number;
    }>`select count(*)::int as n from profiles.approved_viewers where owner_id = ${user.id} or viewer_id = ${user.id}`.execute(
      runtime.database.kysely,
    );
    expect(approvals.rows[0]!.n).toBe(0);
    // The friend is untouched.
    expect((await api(runtime, 'GET', `/profiles/${friend.username}`)).status).toBe(200);
  });

  it('hides a suspended account’s profile from all but moderators, and shows it again on restore', async () => {
    const user = await userWithProfile(runtime);
    const admin = await userWithProfile(runtime, { email: ADMIN_EMAIL });
    const search = () => api(runtime, 'GET', `/profiles?q=${user.username}`);
    expect((await search()).body.items).toHaveLength(1);

    const suspend = await api(runtime, 'POST', `/users/${user.id}/suspend`, {
      token: admin.accessToken,
      body: { reason: 'spam' },
    });
    expect(suspend.status).toBe(204);
    await accountEventApplied(runtime, user.id, 'UserSuspended');
    expect((await api(runtime, 'GET', `/profiles/${user.username}`)).status).toBe(404);
    expect((await search()).body.items).toEqual([]);
    const seenByAdmin = await api(runtime, 'GET', `/profiles/${user.username}`, {
      token: admin.accessToken,
    });
    expect(seenByAdmin.status).toBe(200);
    expect(seenByAdmin.body.limited).toBe(false);

    const restore = await api(runtime, 'POST', `/users/${user.id}/restore`, { token: admin.accessToken });
    expect(restore.status).toBe(204);
    await accountEventApplied(runtime, user.id, 'UserRestored');
    expect((await api(runtime, 'GET', `/profiles/${user.username}`)).status).toBe(200);
    expect((await search()).body.items).toHaveLength(1);
  });
});
