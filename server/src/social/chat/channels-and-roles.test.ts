import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from '../../../test/harness/identity.ts';
import type { TestRuntime } from '../../../test/harness/test-runtime.ts';
import { has, Permission as P } from '../shared/community-permissions.ts';
import { as, chatter, communityEvents, communityWith, roleWith, startChatRuntime } from './chat-test-kit.ts';

let runtime: TestRuntime;
let owner: TestUser;
let manager: TestUser;
let fan: TestUser;
let other: TestUser;

beforeAll(async () => {
  runtime = await startChatRuntime();
  owner = await chatter(runtime);
  manager = await chatter(runtime);
  fan = await chatter(runtime);
  other = await chatter(runtime);
});
afterAll(() => runtime?.cleanup());

const names = (answer: { body: { items: { name: string }[] } }) => answer.body.items.map((item) => item.name);

describe('channels', () => {
  it('MANAGE_CHANNELS creates, edits, reorders and deletes channels and categories', async () => {
    const id = await communityWith(runtime, owner, [fan]);
    const refused = await as(runtime, fan).post(`/communities/${id}/channels`, {
      name: 'mine',
      type: 'text',
    });
    expect(refused.status).toBe(403);
    const category = await as(runtime, owner).post(`/communities/${id}/channels`, {
      name: 'Releases',
      type: 'category',
    });
    expect(category.status).toBe(201);
    const news = await as(runtime, owner).post(`/communities/${id}/channels`, {
      name: 'news',
      type: 'announcement',
      parentId: category.body.id,
      slowmodeSeconds: 60,
    });
    expect(news.body).toMatchObject({
      type: 'announcement',
      parentId: category.body.id,
      slowmodeSeconds: 60,
    });
    // In an announcement channel only MANAGE_MESSAGES posts: the fan sees it but may not send.
    const fanView = (await as(runtime, fan).get(`/communities/${id}/channels`)).body.items.find(
      (channel: { id: string }) => channel.id === news.body.id,
    );
    expect(has(fanView.permissions, P.VIEW_CHANNEL)).toBe(true);
    expect(has(fanView.permissions, P.SEND_MESSAGES)).toBe(false);
    const drops = await as(runtime, owner).post(`/communities/${id}/channels`, {
      name: 'drops',
      type: 'tracks',
    });
    expect(drops.body).toMatchObject({ type: 'tracks', parentId: null });

    const bad = [
      { name: 'x', type: 'voice' },
      { name: '', type: 'text' },
      { name: 'slow', type: 'text', slowmodeSeconds: 21601 },
      { name: 'slow', type: 'text', slowmodeSeconds: -1 },
    ];
    for (const body of bad)
      expect((await as(runtime, owner).post(`/communities/${id}/channels`, body)).body.code).toBe(
        'validation_failed',
      );
    const nested = await as(runtime, owner).post(`/communities/${id}/channels`, {
      name: 'sub',
      type: 'category',
      parentId: category.body.id,
    });
    expect(nested.body.code).toBe('parent_invalid');
    const inText = await as(runtime, owner).post(`/communities/${id}/channels`, {
      name: 'x',
      type: 'text',
      parentId: drops.body.id,
    });
    expect(inText.body.code).toBe('parent_invalid');

    const edited = await as(runtime, owner).patch(`/communities/${id}/channels/${news.body.id}`, {
      topic: 'Only releases',
      slowmodeSeconds: 21600,
      parentId: null,
    });
    expect(edited.body).toMatchObject({ topic: 'Only releases', slowmodeSeconds: 21600, parentId: null });
    expect(
      (await as(runtime, fan).patch(`/communities/${id}/channels/${news.body.id}`, { name: 'x' })).status,
    ).toBe(403);

    const channels = (await as(runtime, owner).get(`/communities/${id}/channels`)).body.items as {
      id: string;
      name: string;
    }[];
    const reversed = channels.map((channel) => channel.id).reverse();
    const reordered = await as(runtime, owner).put(`/communities/${id}/channel-order`, {
      channelIds: reversed,
    });
    expect(reordered.status).toBe(200);
    expect(names(await as(runtime, owner).get(`/communities/${id}/channels`))).toEqual(
      channels.map((c) => c.name).reverse(),
    );
    const partial = await as(runtime, owner).put(`/communities/${id}/channel-order`, {
      channelIds: reversed.slice(1),
    });
    expect(partial.body.code).toBe('order_incomplete');

    // Deleting a category moves its channels to the top level first.
    const lounge = await as(runtime, owner).post(`/communities/${id}/channels`, {
      name: 'lounge',
      type: 'text',
      parentId: category.body.id,
    });
    expect((await as(runtime, owner).delete(`/communities/${id}/channels/${category.body.id}`)).status).toBe(
      204,
    );
    const after = (await as(runtime, owner).get(`/communities/${id}/channels`)).body.items;
    expect(after.find((channel: { id: string }) => channel.id === lounge.body.id).parentId).toBeNull();
    const tail = (await communityEvents(runtime, id)).slice(-2);
    expect(tail.map((event) => event.type)).toEqual(['ChannelUpdated', 'ChannelDeleted']);
    expect(tail[0]!.data).toMatchObject({ channel: { id: lounge.body.id, parentId: null } });
  });

  it('an overwrite hides a channel from a role: its members no longer see it; the event carries the overwrite', async () => {
    const id = await communityWith(runtime, owner, [fan, other]);
    const listeners = await roleWith(runtime, owner, id, 'Listeners', 0, [fan]);
    const studio = await as(runtime, owner).post(`/communities/${id}/channels`, {
      name: 'studio',
      type: 'text',
    });
    const visibleTo = async (user: TestUser) =>
      names(await as(runtime, user).get(`/communities/${id}/channels`));
    expect(await visibleTo(fan)).toContain('studio');

    const hidden = await as(runtime, owner).put(
      `/communities/${id}/channels/${studio.body.id}/overwrites/${listeners}`,
      {
        targetType: 'role',
        allow: 0,
        deny: P.VIEW_CHANNEL,
      },
    );
    expect(hidden.status).toBe(200);
    expect(hidden.body.overwrites).toEqual([
      { targetType: 'role', targetId: listeners, allow: 0, deny: P.VIEW_CHANNEL },
    ]);
    expect(await visibleTo(fan)).not.toContain('studio');
    expect(await visibleTo(other)).toContain('studio');
    // A hidden channel is 404 to a member who cannot see it, even with permissions elsewhere.
    expect(
      (await as(runtime, fan).patch(`/communities/${id}/channels/${studio.body.id}`, { name: 'x' })).status,
    ).toBe(404);
    expect((await communityEvents(runtime, id)).at(-1)).toMatchObject({
      type: 'ChannelUpdated',
      data: {
        communityId: id,
        channel: { id: studio.body.id, overwrites: [{ targetId: listeners, deny: P.VIEW_CHANNEL }] },
      },
    });

    // A member overwrite lets this one fan back in; removing it hides the channel again.
    await as(runtime, owner).put(`/communities/${id}/channels/${studio.body.id}/overwrites/${fan.id}`, {
      targetType: 'member',
      allow: P.VIEW_CHANNEL,
      deny: 0,
    });
    expect(await visibleTo(fan)).toContain('studio');
    expect(
      (await as(runtime, owner).delete(`/communities/${id}/channels/${studio.body.id}/overwrites/${fan.id}`))
        .status,
    ).toBe(200);
    expect(await visibleTo(fan)).not.toContain('studio');

    // Hide #general from @everyone: the Text category is hidden as well, having nothing visible left.
    const general = (await as(runtime, owner).get(`/communities/${id}/channels`)).body.items.find(
      (channel: { name: string }) => channel.name === 'general',
    );
    await as(runtime, owner).put(`/communities/${id}/channels/${general.id}/overwrites/${id}`, {
      targetType: 'role',
      allow: 0,
      deny: P.VIEW_CHANNEL,
    });
    expect(await visibleTo(other)).not.toContain('Text');
    expect(await visibleTo(owner)).toContain('general');

    const conflict = await as(runtime, owner).put(
      `/communities/${id}/channels/${studio.body.id}/overwrites/${listeners}`,
      {
        targetType: 'role',
        allow: P.SEND_MESSAGES,
        deny: P.SEND_MESSAGES,
      },
    );
    expect(conflict.body.code).toBe('overwrite_conflict');
    const scope = await as(runtime, owner).put(
      `/communities/${id}/channels/${studio.body.id}/overwrites/${listeners}`,
      {
        targetType: 'role',
        allow: P.BAN_MEMBERS,
        deny: 0,
      },
    );
    expect(scope.body.code).toBe('permission_not_channel_scoped');
    const unknown = await as(runtime, owner).put(
      `/communities/${id}/channels/${studio.body.id}/overwrites/${owner.id}`,
      {
        targetType: 'role',
        allow: 0,
        deny: 0,
      },
    );
    expect(unknown.body.code).toBe('target_invalid');
    expect(
      (
        await as(runtime, fan).put(`/communities/${id}/channels/${general.id}/overwrites/${fan.id}`, {
          targetType: 'member',
          allow: 0,
          deny: 0,
        })
      ).status,
    ).toBe(404);
  });
});

describe('roles', () => {
  it('a manager manages only roles and members below their highest role, and grants only what they hold', async () => {
    const id = await communityWith(runtime, owner, [manager, fan, other]);
    const top = await roleWith(runtime, owner, id, 'Top', P.BAN_MEMBERS);
    const managers = await roleWith(runtime, owner, id, 'Managers', P.MANAGE_ROLES | P.KICK_MEMBERS, [
      manager,
    ]);
    const dj = await roleWith(runtime, owner, id, 'DJ', P.MENTION_EVERYONE);
    // New roles start just above @everyone: DJ (1), Managers (2), Top (3).
    const roles = await as(runtime, manager).get(`/communities/${id}/roles`);
    expect(
      roles.body.items.map((role: { name: string; position: number }) => [role.name, role.position]),
    ).toEqual([
      ['@everyone', 0],
      ['DJ', 1],
      ['Managers', 2],
      ['Top', 3],
    ]);
    const { manager: m } = { manager: as(runtime, manager) };

    expect((await m.put(`/communities/${id}/members/${fan.id}/roles/${dj}`)).status).toBe(204);
    expect((await as(runtime, fan).get(`/communities/${id}/members/${fan.id}`)).body.roleIds).toEqual([dj]);
    const above = await m.put(`/communities/${id}/members/${fan.id}/roles/${top}`);
    expect(above.status).toBe(403);
    expect(above.body.code).toBe('forbidden');
    expect((await m.put(`/communities/${id}/members/${fan.id}/roles/${managers}`)).status).toBe(403);
    expect((await m.patch(`/communities/${id}/roles/${managers}`, { name: 'Bosses' })).status).toBe(403);
    expect((await m.delete(`/communities/${id}/roles/${top}`)).status).toBe(403);
    // Cannot give a role a permission they lack, can give one they hold.
    expect((await m.patch(`/communities/${id}/roles/${dj}`, { permissions: P.BAN_MEMBERS })).status).toBe(
      403,
    );
    // Nor take away one they lack (DJ's MENTION_EVERYONE).
    expect((await m.patch(`/communities/${id}/roles/${dj}`, { permissions: P.KICK_MEMBERS })).status).toBe(
      403,
    );
    const withKick = P.MENTION_EVERYONE | P.KICK_MEMBERS;
    const edited = await m.patch(`/communities/${id}/roles/${dj}`, {
      permissions: withKick,
      color: '#ff8800',
    });
    expect(edited.body).toMatchObject({ permissions: withKick, color: '#ff8800' });
    expect(
      (await m.post(`/communities/${id}/roles`, { name: 'Admins', permissions: P.ADMINISTRATOR })).status,
    ).toBe(403);
    // A member without MANAGE_ROLES cannot do any of it.
    expect((await as(runtime, fan).post(`/communities/${id}/roles`, { name: 'Fans' })).status).toBe(403);
    expect((await as(runtime, other).put(`/communities/${id}/members/${other.id}/roles/${dj}`)).status).toBe(
      403,
    );
    // @everyone is held by all: not granted, not deleted.
    expect((await m.put(`/communities/${id}/members/${fan.id}/roles/${id}`)).body.code).toBe('role_everyone');
    expect((await as(runtime, owner).delete(`/communities/${id}/roles/${id}`)).body.code).toBe(
      'role_everyone',
    );
    expect(
      (await as(runtime, owner).patch(`/communities/${id}/roles/${id}`, { color: 'red' })).body.code,
    ).toBe('validation_failed');

    // Reordering: roles at or above the manager's stay put.
    const swapTop = await m.put(`/communities/${id}/role-order`, { roleIds: [dj, top, managers] });
    expect(swapTop.status).toBe(403);
    const byOwner = await as(runtime, owner).put(`/communities/${id}/role-order`, {
      roleIds: [managers, dj, top],
    });
    expect(byOwner.body.items.map((role: { name: string }) => role.name)).toEqual([
      '@everyone',
      'Managers',
      'DJ',
      'Top',
    ]);
    // Now DJ outranks Managers: the manager can no longer touch the fan’s DJ role.
    expect((await m.delete(`/communities/${id}/members/${fan.id}/roles/${dj}`)).status).toBe(403);
    expect((await as(runtime, owner).delete(`/communities/${id}/members/${fan.id}/roles/${dj}`)).status).toBe(
      204,
    );

    const events = await communityEvents(runtime, id);
    expect(events.filter((event) => event.type === 'MemberRolesChanged').at(-1)!.data).toEqual({
      communityId: id,
      userId: fan.id,
      roleIds: [],
      added: [],
      removed: [dj],
    });

    // Deleting a role takes it from members and overwrites.
    const general = (await as(runtime, owner).get(`/communities/${id}/channels`)).body.items.find(
      (channel: { name: string }) => channel.name === 'general',
    );
    await as(runtime, owner).put(`/communities/${id}/channels/${general.id}/overwrites/${managers}`, {
      targetType: 'role',
      allow: 0,
      deny: P.SEND_MESSAGES,
    });
    expect((await as(runtime, owner).delete(`/communities/${id}/roles/${managers}`)).status).toBe(204);
    expect((await as(runtime, owner).get(`/communities/${id}/members/${manager.id}`)).body.roleIds).toEqual(
      [],
    );
    const afterDelete = (await as(runtime, owner).get(`/communities/${id}/channels`)).body.items.find(
      (channel: { name: string }) => channel.name === 'general',
    );
    expect(afterDelete.overwrites).toEqual([]);
    expect((await communityEvents(runtime, id)).at(-1)).toMatchObject({
      type: 'RoleDeleted',
      data: { roleId: managers },
    });
  });
});
