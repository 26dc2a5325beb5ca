import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type TestUser } from '../../../test/harness/identity.ts';
import type { TestRuntime } from '../../../test/harness/test-runtime.ts';
import {
  ADMIN_EMAIL,
  fetchMedia,
  makeImage,
  startProfilesRuntime,
  upload,
  userWithProfile,
} from './profile-test-kit.ts';

let runtime: TestRuntime;
let owner: TestUser;
let approved: TestUser;
let stranger: TestUser;
let moderator: TestUser;
let images: {
  avatar: { small: string; medium: string; large: string };
  banner: { small: string; large: string };
};

beforeAll(async () => {
  runtime = await startProfilesRuntime();
  owner = await userWithProfile(runtime);
  approved = await userWithProfile(runtime);
  stranger = await userWithProfile(runtime);
  moderator = await userWithProfile(runtime, { email: ADMIN_EMAIL });
  await upload(runtime, owner.accessToken, 'avatar', await makeImage(256, 256));
  images = (await upload(runtime, owner.accessToken, 'banner', await makeImage(1500, 500))).body;
  const edit = await api(runtime, 'PATCH', '/profiles/me', {
    token: owner.accessToken,
    body: {
      displayName: 'Hidden Producer',
      bio: 'Only friends read this',
      location: 'Lyon',
      genres: ['dub'],
      links: [{ label: 'Site', url: 'https://hidden.example' }],
      private: true,
    },
  });
  expect(edit.status).toBe(200);
  expect(
    (await api(runtime, 'PUT', `/profiles/me/viewers/${approved.id}`, { token: owner.accessToken })).status,
  ).toBe(204);
});
afterAll(() => runtime?.cleanup());

const view = (user?: TestUser) =>
  api(runtime, 'GET', `/profiles/${owner.username}`, { token: user?.accessToken });

describe('a private profile', () => {
  it('shows strangers and anonymous visitors only the name and avatar', async () => {
    for (const visitor of [undefined, stranger]) {
      const answer = await view(visitor);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        username: owner.username,
        displayName: 'Hidden Producer',
        avatar: images.avatar,
        private: true,
        limited: true,
      });
    }
  });

  it('shows the owner, approved viewers and moderators everything', async () => {
    for (const visitor of [owner, approved, moderator]) {
      const answer = await view(visitor);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        id: owner.id,
        bio: 'Only friends read this',
        location: 'Lyon',
        genres: ['dub'],
        links: [{ label: 'Site', url: 'https://hidden.example/' }],
        banner: images.banner,
        private: true,
        limited: false,
      });
    }
  });

  it('still serves the avatar to anyone, but the banner only to those who see it all', async () => {
    expect((await fetchMedia(runtime, images.avatar.large)).status).toBe(200);
    expect((await fetchMedia(runtime, images.banner.large)).status).toBe(404);
    const asStranger = await fetchMedia(runtime, images.banner.large, {
      authorization: `Bearer ${stranger.accessToken}`,
    });
    expect(asStranger.status).toBe(404);
    const asApproved = await fetchMedia(runtime, images.banner.large, {
      authorization: `Bearer ${approved.accessToken}`,
    });
    expect(asApproved.status).toBe(200);
    // Shared caches must not hand it to someone else.
    expect(asApproved.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
  });

  it('lists the approved viewers to the owner', async () => {
    const answer = await api(runtime, 'GET', '/profiles/me/viewers', { token: owner.accessToken });
    expect(answer.status).toBe(200);
    expect(answer.body.items).toEqual([
      {
        id: approved.id,
        username: approved.username,
        displayName: approved.username,
        avatar: null,
        approvedAt: expect.any(String),
      },
    ]);
    expect(answer.body.nextCursor).toBeNull();
  });

  it('puts the profile and its approvals in the owner’s data export', async () => {
    const answer = await api(runtime, 'GET', '/users/me/export', { token: owner.accessToken });
    expect(answer.status).toBe(200);
    expect(answer.body.services.profiles.profile).toMatchObject({ username: owner.username, private: true });
    expect(answer.body.services.profiles.approvedViewers).toEqual([
      { userId: approved.id, approvedAt: expect.any(String) },
    ]);
  });

  it('stops showing everything to a viewer the owner removes, and again after re-approval', async () => {
    const removed = await api(runtime, 'DELETE', `/profiles/me/viewers/${approved.id}`, {
      token: owner.accessToken,
    });
    expect(removed.status).toBe(204);
    expect((await view(approved)).body.limited).toBe(true);
    // Removing again is not an error.
    expect(
      (await api(runtime, 'DELETE', `/profiles/me/viewers/${approved.id}`, { token: owner.accessToken }))
        .status,
    ).toBe(204);
    for (let i = 0; i < 2; i++)
      expect(
        (await api(runtime, 'PUT', `/profiles/me/viewers/${approved.id}`, { token: owner.accessToken }))
          .status,
      ).toBe(204);
    expect((await view(approved)).body.limited).toBe(false);
    const events = await runtime.hosted.get('profiles')!.store.readStream(`profile-${owner.id}`);
    expect(
      events.filter((event) => event.type.startsWith('ProfileViewer')).map((event) => event.type),
    ).toEqual(['ProfileViewerApproved', 'ProfileViewerRemoved', 'ProfileViewerApproved']);
  });

  it('refuses approving oneself or an unknown account', async () => {
    const self = await api(runtime, 'PUT', `/profiles/me/viewers/${owner.id}`, { token: owner.accessToken });
    expect([self.status, self.body.code]).toEqual([400, 'viewer_invalid']);
    const unknown = await api(runtime, 'PUT', '/profiles/me/viewers/0190a000-0000-7000-8000-000000000000', {
      token: owner.accessToken,
    });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'not_found']);
    const nobody = await api(runtime, 'PUT', '/profiles/me/viewers/no_such_user', {
      token: owner.accessToken,
    });
    expect([nobody.status, nobody.body.code]).toEqual([404, 'not_found']);
  });

  it('approves by username, which is all a private profile shows strangers', async () => {
    const shy = await userWithProfile(runtime);
    await api(runtime, 'PATCH', '/profiles/me', { token: shy.accessToken, body: { private: true } });
    const seen = await api(runtime, 'GET', `/profiles/${shy.username}`, { token: owner.accessToken });
    expect(seen.body.limited).toBe(true);
    expect(
      (await api(runtime, 'PUT', `/profiles/me/viewers/${shy.username}`, { token: owner.accessToken }))
        .status,
    ).toBe(204);
    const viewers = await api(runtime, 'GET', '/profiles/me/viewers', { token: owner.accessToken });
    expect(viewers.body.items.map((item: { id: string }) => item.id)).toContain(shy.id);
    await api(runtime, 'DELETE', `/profiles/me/viewers/${shy.id}`, { token: owner.accessToken });
  });

  it('approvals are per owner: a stranger’s list does not grant anything on this profile', async () => {
    expect(
      (await api(runtime, 'PUT', `/profiles/me/viewers/${stranger.id}`, { token: approved.accessToken }))
        .status,
    ).toBe(204);
    expect((await view(stranger)).body.limited).toBe(true);
  });

  it('becomes fully visible to everyone when made public again', async () => {
    const other = await userWithProfile(runtime);
    await api(runtime, 'PATCH', '/profiles/me', {
      token: other.accessToken,
      body: { private: true, bio: 'x' },
    });
    expect((await api(runtime, 'GET', `/profiles/${other.username}`)).body.limited).toBe(true);
    await api(runtime, 'PATCH', '/profiles/me', { token: other.accessToken, body: { private: false } });
    const answer = await api(runtime, 'GET', `/profiles/${other.username}`);
    expect(answer.body).toMatchObject({ limited: false, private: false, bio: 'x' });
  });
});
