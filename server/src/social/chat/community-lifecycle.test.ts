import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from '../../../test/harness/identity.ts';
import type { TestRuntime } from '../../../test/harness/test-runtime.ts';
import {
  ALL_PERMISSIONS,
  DEFAULT_EVERYONE_PERMISSIONS,
  Permission,
} from '../shared/community-permissions.ts';
import { as, chatter, communityEvents, communityWith, startChatRuntime } from './chat-test-kit.ts';

let runtime: TestRuntime;
let owner: TestUser;
let member: TestUser;
let stranger: TestUser;
let latecomer: TestUser;

beforeAll(async () => {
  runtime = await startChatRuntime();
  owner = await chatter(runtime);
  member = await chatter(runtime);
  stranger = await chatter(runtime);
  latecomer = await chatter(runtime);
});
afterAll(() => runtime?.cleanup());

describe('communities', () => {
  it('creating makes the creator owner, with @everyone, a Text category and #general, and the events to rebuild them', async () => {
    const created = await as(runtime, owner).post('/communities', {
      name: 'Lo-fi lab',
      description: 'Chill beats',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Lo-fi lab',
      description: 'Chill beats',
      ownerId: owner.id,
      memberCount: 1,
      permissions: ALL_PERMISSIONS,
    });
    const id = created.body.id;
    const channels = await as(runtime, owner).get(`/communities/${id}/channels`);
    expect(channels.body.items.map((c: { type: string; name: string }) => [c.type, c.name])).toEqual([
      ['category', 'Text'],
      ['text', 'general'],
    ]);
    expect(channels.body.items[1].parentId).toBe(channels.body.items[0].id);
    const roles = await as(runtime, owner).get(`/communities/${id}/roles`);
    expect(roles.body.items).toEqual([
      { id, name: '@everyone', permissions: DEFAULT_EVERYONE_PERMISSIONS, position: 0, color: null },
    ]);
    const events = await communityEvents(runtime, id);
    expect(events.map((event) => event.type)).toEqual([
      'CommunityCreated',
      'RoleCreated',
      'ChannelCreated',
      'ChannelCreated',
      'MemberJoined',
    ]);
    expect(events[0]!.data).toEqual({
      communityId: id,
      name: 'Lo-fi lab',
      description: 'Chill beats',
      ownerId: owner.id,
    });
    expect(events[3]!.data).toMatchObject({
      channel: {
        type: 'text',
        name: 'general',
        slowmodeSeconds: 0,
        overwrites: [],
        parentId: channels.body.items[0].id,
      },
    });
    expect(events[0]!.metadata.actor).toBe(owner.id);
  });

  it('a community is 404 to non-members everywhere, and absent from their list', async () => {
    const id = await communityWith(runtime, owner);
    for (const path of ['', '/channels', '/roles', '/members', '/audit-log', `/members/${owner.id}`])
      expect([path, (await as(runtime, stranger).get(`/communities/${id}${path}`)).status]).toEqual([
        path,
        404,
      ]);
    const edit = await as(runtime, stranger).patch(`/communities/${id}`, { name: 'Mine' });
    expect(edit.status).toBe(404);
    expect(edit.body.code).toBe('not_found');
    expect((await as(runtime, stranger).delete(`/communities/${id}`)).status).toBe(404);
    expect((await as(runtime, stranger).post(`/communities/${id}/invites`, {})).status).toBe(404);
    const mine = await as(runtime, stranger).get('/communities');
    expect(mine.body.items.map((c: { id: string }) => c.id)).not.toContain(id);
    expect((await as(runtime, null).get(`/communities/${id}`)).status).toBe(401);
  });

  it('lists my communities with a cursor', async () => {
    const ids = [
      await communityWith(runtime, latecomer, [], 'A'),
      await communityWith(runtime, latecomer, [], 'B'),
      await communityWith(runtime, latecomer, [], 'C'),
    ];
    const first = await as(runtime, latecomer).get('/communities?limit=2');
    expect(first.body.items.map((c: { id: string }) => c.id)).toEqual(ids.slice(0, 2));
    const second = await as(runtime, latecomer).get(`/communities?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((c: { id: string }) => c.id)).toEqual(ids.slice(2));
    expect(second.body.nextCursor).toBeNull();
    const bad = await as(runtime, latecomer).get('/communities?cursor=nope');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('cursor_invalid');
    for (const id of ids)
      expect((await as(runtime, latecomer).delete(`/communities/${id}`)).status).toBe(204);
  });

  it('updates need MANAGE_COMMUNITY; only the owner deletes; bad input is a problem with a stable code', async () => {
    const id = await communityWith(runtime, owner, [member]);
    const refused = await as(runtime, member).patch(`/communities/${id}`, { name: 'Taken over' });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forbidden');
    const edited = await as(runtime, owner).patch(`/communities/${id}`, { description: 'New words' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ description: 'New words', memberCount: 2 });
    const invalid = await as(runtime, owner).patch(`/communities/${id}`, { name: '' });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toContain('application/problem+json');
    expect(invalid.body.code).toBe('validation_failed');
    expect((await as(runtime, owner).post('/communities', { name: 'x'.repeat(101) })).body.code).toBe(
      'validation_failed',
    );
    expect((await as(runtime, owner).get('/communities/not-a-uuid')).body.code).toBe('validation_failed');
    expect((await as(runtime, member).delete(`/communities/${id}`)).status).toBe(403);
    expect((await as(runtime, owner).delete(`/communities/${id}`)).status).toBe(204);
    expect((await as(runtime, member).get(`/communities/${id}`)).status).toBe(404);
    expect((await communityEvents(runtime, id)).at(-1)).toMatchObject({
      type: 'CommunityDeleted',
      data: { communityId: id },
    });
  });

  it('the owner cannot leave without transferring; members leave; ownership transfers to a member', async () => {
    const id = await communityWith(runtime, owner, [member]);
    const stay = await as(runtime, owner).delete(`/communities/${id}/members/me`);
    expect(stay.status).toBe(409);
    expect(stay.body.code).toBe('owner_cannot_leave');
    const notMember = await as(runtime, owner).put(`/communities/${id}/owner`, { userId: stranger.id });
    expect(notMember.body.code).toBe('not_a_member');
    expect((await as(runtime, member).put(`/communities/${id}/owner`, { userId: member.id })).status).toBe(
      403,
    );
    const transferred = await as(runtime, owner).put(`/communities/${id}/owner`, { userId: member.id });
    expect(transferred.status).toBe(200);
    expect(transferred.body).toMatchObject({ ownerId: member.id });
    expect(transferred.body.permissions).toBe(DEFAULT_EVERYONE_PERMISSIONS);
    expect((await as(runtime, owner).delete(`/communities/${id}/members/me`)).status).toBe(204);
    expect((await as(runtime, owner).get(`/communities/${id}`)).status).toBe(404);
    expect((await communityEvents(runtime, id)).slice(-2).map((event) => [event.type, event.data])).toEqual([
      ['CommunityUpdated', { communityId: id, name: 'Beat makers', description: '', ownerId: member.id }],
      ['MemberLeft', { communityId: id, userId: owner.id, accountDeleted: false }],
    ]);
  });
});

describe('invites', () => {
  it('a preview is public; joining takes a signed-in user and counts a use; joining twice changes nothing', async () => {
    const id = await communityWith(runtime, owner, [], 'Synth club');
    const invite = await as(runtime, owner).post(`/communities/${id}/invites`, { maxUses: 5 });
    expect(invite.status).toBe(201);
    expect(invite.body.code).toMatch(/^[A-Za-z0-9_-]{11}$/);
    const preview = await as(runtime, null).get(`/invites/${invite.body.code}`);
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({
      code: invite.body.code,
      community: { id, name: 'Synth club', description: '', memberCount: 1 },
      expiresAt: null,
    });
    expect((await as(runtime, null).post(`/invites/${invite.body.code}`)).status).toBe(401);
    const joined = await as(runtime, member).post(`/invites/${invite.body.code}`);
    expect(joined.status).toBe(200);
    expect(joined.body).toMatchObject({ id, memberCount: 2, permissions: DEFAULT_EVERYONE_PERMISSIONS });
    expect((await as(runtime, member).post(`/invites/${invite.body.code}`)).status).toBe(200);
    const listed = await as(runtime, owner).get(`/communities/${id}/invites`);
    expect(listed.body.items).toMatchObject([{ code: invite.body.code, uses: 1, maxUses: 5 }]);
    expect((await as(runtime, member).get(`/communities/${id}/invites`)).status).toBe(403);
    expect((await as(runtime, null).get('/invites/unknown-code')).status).toBe(404);
    expect((await communityEvents(runtime, id)).at(-1)).toMatchObject({
      type: 'MemberJoined',
      data: { communityId: id, userId: member.id, inviteCode: invite.body.code },
    });
  });

  it('a used-up invite and an expired one are refused (410, stable codes)', async () => {
    const id = await communityWith(runtime, owner);
    const once = await as(runtime, owner).post(`/communities/${id}/invites`, { maxUses: 1 });
    expect((await as(runtime, member).post(`/invites/${once.body.code}`)).status).toBe(200);
    const usedUp = await as(runtime, stranger).post(`/invites/${once.body.code}`);
    expect(usedUp.status).toBe(410);
    expect(usedUp.body.code).toBe('invite_used_up');
    expect((await as(runtime, null).get(`/invites/${once.body.code}`)).body.code).toBe('invite_used_up');

    const timed = await as(runtime, owner).post(`/communities/${id}/invites`, { expiresInSeconds: 3600 });
    expect(Date.parse(timed.body.expiresAt)).toBeGreaterThan(Date.now() + 3500_000);
    // Expiry is an instant in the row: move it into the past rather than wait an hour.
    await sql`update chat.invites set expires_at = now() - interval '1 second' where code = ${timed.body.code}`.execute(
      runtime.database.kysely,
    );
    const expired = await as(runtime, stranger).post(`/invites/${timed.body.code}`);
    expect(expired.status).toBe(410);
    expect(expired.body.code).toBe('invite_expired');
    expect((await as(runtime, stranger).get(`/communities/${id}`)).status).toBe(404);
    expect(
      (await as(runtime, owner).post(`/communities/${id}/invites`, { expiresInSeconds: 5 })).body.code,
    ).toBe('validation_failed');
  });

  it('members without CREATE_INVITE cannot invite; the creator or a manager revokes an invite', async () => {
    const id = await communityWith(runtime, owner, [member]);
    const mine = await as(runtime, member).post(`/communities/${id}/invites`, {});
    expect(mine.status).toBe(201);
    expect((await as(runtime, stranger).delete(`/invites/${mine.body.code}`)).status).toBe(404);
    expect((await as(runtime, member).delete(`/invites/${mine.body.code}`)).status).toBe(204);
    expect((await as(runtime, null).get(`/invites/${mine.body.code}`)).status).toBe(404);
    const owners = await as(runtime, owner).post(`/communities/${id}/invites`, {});
    expect((await as(runtime, member).delete(`/invites/${owners.body.code}`)).status).toBe(403);

    const everyone = DEFAULT_EVERYONE_PERMISSIONS & ~Permission.CREATE_INVITE;
    expect(
      (await as(runtime, owner).patch(`/communities/${id}/roles/${id}`, { permissions: everyone })).status,
    ).toBe(200);
    const refused = await as(runtime, member).post(`/communities/${id}/invites`, {});
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forbidden');
  });

  it('a banned user cannot join, even with a fresh invite, until unbanned', async () => {
    const id = await communityWith(runtime, owner, [latecomer]);
    expect(
      (await as(runtime, owner).put(`/communities/${id}/bans/${latecomer.id}`, { reason: 'spam' })).status,
    ).toBe(200);
    expect((await as(runtime, latecomer).get(`/communities/${id}`)).status).toBe(404);
    const invite = await as(runtime, owner).post(`/communities/${id}/invites`, {});
    const refused = await as(runtime, latecomer).post(`/invites/${invite.body.code}`);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('banned');
    expect((await as(runtime, owner).delete(`/communities/${id}/bans/${latecomer.id}`)).status).toBe(204);
    expect((await as(runtime, latecomer).post(`/invites/${invite.body.code}`)).status).toBe(200);
  });
});
