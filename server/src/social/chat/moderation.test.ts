import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type TestUser } from '../../../test/harness/identity.ts';
import type { TestRuntime } from '../../../test/harness/test-runtime.ts';
import { eventually } from '../../../test/harness/veza-process.ts';
import { has, Permission as P } from '../shared/community-permissions.ts';
import { as, chatter, communityEvents, communityWith, roleWith, startChatRuntime } from './chat-test-kit.ts';

let runtime: TestRuntime;
let owner: TestUser;
let mod: TestUser;
let target: TestUser;
let bystander: TestUser;

beforeAll(async () => {
  runtime = await startChatRuntime();
  owner = await chatter(runtime);
  mod = await chatter(runtime);
  target = await chatter(runtime);
  bystander = await chatter(runtime);
});
afterAll(() => runtime?.cleanup());

const MODERATOR = P.KICK_MEMBERS | P.BAN_MEMBERS | P.MODERATE_MEMBERS;

describe('moderation', () => {
  it('kick removes a member, who may rejoin; kicking needs KICK_MEMBERS and a higher role', async () => {
    const id = await communityWith(runtime, owner, [mod, target, bystander]);
    await roleWith(runtime, owner, id, 'Mods', MODERATOR, [mod]);
    expect((await as(runtime, bystander).delete(`/communities/${id}/members/${target.id}`)).status).toBe(403);
    expect((await as(runtime, mod).delete(`/communities/${id}/members/${owner.id}`)).status).toBe(403);
    expect((await as(runtime, mod).delete(`/communities/${id}/members/${mod.id}`)).status).toBe(403);
    expect((await as(runtime, target).delete(`/communities/${id}/members/${mod.id}`)).status).toBe(403);
    const kicked = await as(runtime, mod).delete(`/communities/${id}/members/${target.id}?reason=flooding`);
    expect(kicked.status).toBe(204);
    expect((await as(runtime, target).get(`/communities/${id}`)).status).toBe(404);
    expect((await as(runtime, mod).delete(`/communities/${id}/members/${target.id}`)).status).toBe(404);
    expect((await communityEvents(runtime, id)).at(-1)).toMatchObject({
      type: 'MemberKicked',
      data: { communityId: id, userId: target.id, moderatorId: mod.id, reason: 'flooding' },
    });
    const invite = await as(runtime, owner).post(`/communities/${id}/invites`, {});
    expect((await as(runtime, target).post(`/invites/${invite.body.code}`)).status).toBe(200);
  });

  it('ban removes a member and keeps them out; bans are listed and lifted by BAN_MEMBERS', async () => {
    const id = await communityWith(runtime, owner, [mod, target, bystander]);
    await roleWith(runtime, owner, id, 'Mods', MODERATOR, [mod]);
    expect((await as(runtime, bystander).put(`/communities/${id}/bans/${target.id}`, {})).status).toBe(403);
    expect((await as(runtime, mod).put(`/communities/${id}/bans/${owner.id}`, {})).status).toBe(403);
    const banned = await as(runtime, mod).put(`/communities/${id}/bans/${target.id}`, {
      reason: 'spam links',
    });
    expect(banned.status).toBe(200);
    expect(banned.body).toMatchObject({
      userId: target.id,
      username: target.username,
      moderatorId: mod.id,
      reason: 'spam links',
    });
    expect((await as(runtime, target).get(`/communities/${id}`)).status).toBe(404);
    const bans = await as(runtime, mod).get(`/communities/${id}/bans`);
    expect(bans.body.items.map((ban: { userId: string }) => ban.userId)).toEqual([target.id]);
    expect((await as(runtime, bystander).get(`/communities/${id}/bans`)).status).toBe(403);
    expect(
      (await as(runtime, mod).put(`/communities/${id}/bans/${target.id}`, { reason: 'x'.repeat(513) })).body
        .code,
    ).toBe('validation_failed');
    expect((await communityEvents(runtime, id)).at(-1)).toMatchObject({
      type: 'MemberBanned',
      data: { userId: target.id, moderatorId: mod.id, reason: 'spam links', wasMember: true },
    });
    expect((await as(runtime, mod).delete(`/communities/${id}/bans/${target.id}`)).status).toBe(204);
    const again = await as(runtime, mod).delete(`/communities/${id}/bans/${target.id}`);
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('not_found');
  });

  it('timeout: the member reads but may not send or react until it is lifted; bad times are refused', async () => {
    const id = await communityWith(runtime, owner, [mod, target]);
    await roleWith(runtime, owner, id, 'Mods', MODERATOR, [mod]);
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const past = await as(runtime, mod).put(`/communities/${id}/members/${target.id}/timeout`, {
      until: new Date(Date.now() - 1000).toISOString(),
    });
    expect(past.body.code).toBe('timeout_invalid');
    const far = await as(runtime, mod).put(`/communities/${id}/members/${target.id}/timeout`, {
      until: new Date(Date.now() + 29 * 86_400_000).toISOString(),
    });
    expect(far.body.code).toBe('timeout_invalid');
    expect(
      (await as(runtime, target).put(`/communities/${id}/members/${mod.id}/timeout`, { until })).status,
    ).toBe(403);
    const timedOut = await as(runtime, mod).put(`/communities/${id}/members/${target.id}/timeout`, {
      until,
      reason: 'cool down',
    });
    expect(timedOut.status).toBe(204);
    const member = await as(runtime, target).get(`/communities/${id}/members/${target.id}`);
    expect(Date.parse(member.body.timedOutUntil)).toBe(Date.parse(until));
    const general = (await as(runtime, target).get(`/communities/${id}/channels`)).body.items.find(
      (channel: { name: string }) => channel.name === 'general',
    );
    expect(has(general.permissions, P.VIEW_CHANNEL | P.READ_HISTORY)).toBe(true);
    expect(has(general.permissions, P.SEND_MESSAGES)).toBe(false);
    expect(has(general.permissions, P.ADD_REACTIONS)).toBe(false);
    expect((await communityEvents(runtime, id)).at(-1)).toMatchObject({
      type: 'MemberTimedOut',
      data: {
        userId: target.id,
        moderatorId: mod.id,
        until: new Date(until).toISOString(),
        reason: 'cool down',
      },
    });
    expect((await as(runtime, mod).delete(`/communities/${id}/members/${target.id}/timeout`)).status).toBe(
      204,
    );
    const lifted = (await as(runtime, target).get(`/communities/${id}/channels`)).body.items.find(
      (channel: { name: string }) => channel.name === 'general',
    );
    expect(has(lifted.permissions, P.SEND_MESSAGES)).toBe(true);
    expect((await communityEvents(runtime, id)).at(-1)).toMatchObject({
      type: 'MemberTimedOut',
      data: { until: null },
    });
  });

  it('the audit log tells who did what to whom, newest first, paged; only for managers and moderators', async () => {
    const id = await communityWith(runtime, owner, [mod, target, bystander]);
    await roleWith(runtime, owner, id, 'Mods', P.KICK_MEMBERS, [mod]);
    await as(runtime, mod).delete(`/communities/${id}/members/${target.id}?reason=rude`);
    await as(runtime, owner).put(`/communities/${id}/bans/${target.id}`, { reason: 'still rude' });
    expect((await as(runtime, bystander).get(`/communities/${id}/audit-log`)).status).toBe(403);
    const first = await as(runtime, mod).get(`/communities/${id}/audit-log?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items.map((entry: object) => entry)).toMatchObject([
      { type: 'MemberBanned', actorId: owner.id, targetId: target.id, reason: 'still rude' },
      { type: 'MemberKicked', actorId: mod.id, targetId: target.id, reason: 'rude' },
    ]);
    const rest = [];
    let cursor = first.body.nextCursor;
    while (cursor) {
      const page = await as(runtime, mod).get(`/communities/${id}/audit-log?limit=2&cursor=${cursor}`);
      rest.push(...page.body.items);
      cursor = page.body.nextCursor;
    }
    expect(rest.at(-1)).toMatchObject({ type: 'CommunityCreated', actorId: owner.id });
    expect([...first.body.items, ...rest]).toHaveLength((await communityEvents(runtime, id)).length);
    const kicks = await as(runtime, owner).get(`/communities/${id}/audit-log?type=MemberKicked`);
    expect(kicks.body.items.map((entry: { type: string }) => entry.type)).toEqual(['MemberKicked']);
    expect((await as(runtime, owner).get(`/communities/${id}/audit-log?cursor=abc`)).body.code).toBe(
      'cursor_invalid',
    );
  });

  it('members list pages for members only, with usernames and roles', async () => {
    const id = await communityWith(runtime, owner, [mod, target]);
    const role = await roleWith(runtime, owner, id, 'Mods', 0, [mod]);
    const first = await as(runtime, target).get(`/communities/${id}/members?limit=2`);
    const second = await as(runtime, target).get(
      `/communities/${id}/members?limit=2&cursor=${first.body.nextCursor}`,
    );
    const all = [...first.body.items, ...second.body.items];
    expect(second.body.nextCursor).toBeNull();
    expect(all.map((m: { userId: string }) => m.userId).sort()).toEqual([owner.id, mod.id, target.id].sort());
    expect(all.find((m: { userId: string }) => m.userId === mod.id)).toMatchObject({
      username: mod.username,
      roleIds: [role],
      owner: false,
    });
    expect(all.find((m: { userId: string }) => m.userId === owner.id)).toMatchObject({ owner: true });
    expect((await as(runtime, bystander).get(`/communities/${id}/members`)).status).toBe(404);
    expect((await as(runtime, target).get(`/communities/${id}/members/${bystander.id}`)).status).toBe(404);
  });
});

describe('account deletion', () => {
  it('a deleted owner’s community passes to the highest-ranked member; one with no one else is deleted', async () => {
    const leaving = await chatter(runtime);
    const shared = await communityWith(runtime, leaving, [target, mod]);
    await roleWith(runtime, leaving, shared, 'Mods', 0, [mod]);
    const alone = await communityWith(runtime, leaving);
    const joined = await communityWith(runtime, owner, [leaving]);
    const deletion = await api(runtime, 'POST', '/users/me/delete', {
      token: leaving.accessToken,
      body: { password: leaving.password },
    });
    expect(deletion.status).toBe(204);
    await eventually(
      async () => {
        await runtime.settle();
        return (
          await sql<{
            n: number;
          }>`select count(*)::int as n from chat.users where user_id = ${leaving.id}`.execute(
            runtime.database.kysely,
          )
        ).rows[0]!.n;
      },
      (n) => n === 0,
    );
    const community = await as(runtime, mod).get(`/communities/${shared}`);
    expect(community.body.ownerId).toBe(mod.id);
    expect(community.body.memberCount).toBe(2);
    expect((await communityEvents(runtime, alone)).at(-1)).toMatchObject({ type: 'CommunityDeleted' });
    expect((await as(runtime, owner).get(`/communities/${joined}`)).body.memberCount).toBe(1);
    expect((await communityEvents(runtime, joined)).at(-1)).toMatchObject({
      type: 'MemberLeft',
      data: { userId: leaving.id, accountDeleted: true },
    });
  });
});
