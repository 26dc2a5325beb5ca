import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from '../../../test/harness/identity.ts';
import type { TestRuntime } from '../../../test/harness/test-runtime.ts';
import { as, chatter, communityWith, roleWith } from '../chat/chat-test-kit.ts';
import { Permission as P } from '../shared/community-permissions.ts';
import { send, startMessagesRuntime, synced, textChannel } from './messages-test-kit.ts';

/**
 * Acceptance 1 for messages: who may view, read, send and manage in a channel follows the chat service's
 * roles, overwrites, timeouts and memberships, as its events reach this service.
 */
let runtime: TestRuntime;
let owner: TestUser;
let fan: TestUser;
let hidden: TestUser;
let mod: TestUser;
let outsider: TestUser;
let communityId: string;
let general: string;

beforeAll(async () => {
  runtime = await startMessagesRuntime();
  owner = await chatter(runtime);
  fan = await chatter(runtime);
  hidden = await chatter(runtime);
  mod = await chatter(runtime);
  outsider = await chatter(runtime);
  communityId = await communityWith(runtime, owner, [fan, hidden, mod]);
  general = await textChannel(runtime, owner, communityId);
  await synced(runtime);
});
afterAll(() => runtime?.cleanup());

const readStateChannels = async (user: TestUser) =>
  ((await as(runtime, user).get('/messages/read-states')).body.items as { channelId: string }[]).map(
    (state) => state.channelId,
  );

describe('channel access from chat events', () => {
  it('lets members read and send, and treats the channel as missing for anyone else', async () => {
    const sent = await send(runtime, fan, general, 'first beat is up');
    const listed = await as(runtime, owner).get(`/messages/channels/${general}`);
    expect(listed.body.items.map((message: { id: string }) => message.id)).toEqual([sent.id]);
    const stranger = as(runtime, outsider);
    expect((await stranger.get(`/messages/channels/${general}`)).body.code).toBe('channel_not_found');
    expect((await stranger.post(`/messages/channels/${general}`, { content: 'hi' })).status).toBe(404);
    expect((await stranger.get(`/messages/${sent.id}`)).status).toBe(404);
    expect(await readStateChannels(outsider)).toEqual([]);
    expect(await readStateChannels(fan)).toContain(general);
  });

  it('hides a channel from a role through an overwrite: its members can neither list nor send', async () => {
    const secret = await as(runtime, owner).post(`/communities/${communityId}/channels`, {
      name: 'secret',
      type: 'text',
    });
    const roleId = await roleWith(runtime, owner, communityId, 'Listeners', P.VIEW_CHANNEL, [hidden]);
    const overwrite = await as(runtime, owner).put(
      `/communities/${communityId}/channels/${secret.body.id}/overwrites/${roleId}`,
      { targetType: 'role', allow: 0, deny: P.VIEW_CHANNEL },
    );
    expect(overwrite.status).toBe(200);
    await synced(runtime);
    const message = await send(runtime, fan, secret.body.id, 'for the crew only');

    const blocked = as(runtime, hidden);
    expect((await blocked.get(`/messages/channels/${secret.body.id}`)).status).toBe(404);
    expect(
      (await blocked.post(`/messages/channels/${secret.body.id}`, { content: 'let me in' })).status,
    ).toBe(404);
    expect((await blocked.get(`/messages/${message.id}`)).status).toBe(404);
    expect(
      (await blocked.post(`/messages/channels/${secret.body.id}/ack`, { messageId: message.id })).status,
    ).toBe(404);
    expect(await readStateChannels(hidden)).not.toContain(secret.body.id);
    expect(await readStateChannels(hidden)).toContain(general);
    // The fan, without the role, still sees it.
    expect((await as(runtime, fan).get(`/messages/channels/${secret.body.id}`)).body.items).toHaveLength(1);

    // Taking the role away gives the channel back, with what was sent meanwhile unread.
    await as(runtime, owner).delete(`/communities/${communityId}/members/${hidden.id}/roles/${roleId}`);
    await synced(runtime);
    expect((await blocked.get(`/messages/channels/${secret.body.id}`)).body.items).toHaveLength(1);
    const states = (await blocked.get('/messages/read-states')).body.items;
    expect(states.find((state: { channelId: string }) => state.channelId === secret.body.id)).toMatchObject({
      unreadCount: 1,
    });
  });

  it('follows READ_HISTORY and SEND_MESSAGES overwrites separately', async () => {
    const drop = await as(runtime, owner).post(`/communities/${communityId}/channels`, {
      name: 'drop-box',
      type: 'text',
    });
    await as(runtime, owner).put(
      `/communities/${communityId}/channels/${drop.body.id}/overwrites/${communityId}`,
      {
        targetType: 'role',
        allow: 0,
        deny: P.READ_HISTORY,
      },
    );
    const quiet = await as(runtime, owner).post(`/communities/${communityId}/channels`, {
      name: 'quiet',
      type: 'text',
    });
    await as(runtime, owner).put(
      `/communities/${communityId}/channels/${quiet.body.id}/overwrites/${communityId}`,
      {
        targetType: 'role',
        allow: 0,
        deny: P.SEND_MESSAGES,
      },
    );
    await synced(runtime);
    await send(runtime, fan, drop.body.id, 'a demo for you');
    expect((await as(runtime, fan).get(`/messages/channels/${drop.body.id}`)).body.code).toBe(
      'history_forbidden',
    );
    expect((await as(runtime, owner).get(`/messages/channels/${drop.body.id}`)).body.items).toHaveLength(1);
    const refused = await as(runtime, fan).post(`/messages/channels/${quiet.body.id}`, { content: 'hello?' });
    expect([refused.status, refused.body.code]).toEqual([403, 'send_forbidden']);
    await send(runtime, owner, quiet.body.id, 'owners ignore overwrites');
  });

  it('lets only MANAGE_MESSAGES post in announcement channels, and skips slowmode for them', async () => {
    await roleWith(runtime, owner, communityId, 'Mods', P.MANAGE_MESSAGES, [mod]);
    const news = await as(runtime, owner).post(`/communities/${communityId}/channels`, {
      name: 'news',
      type: 'announcement',
    });
    const slow = await as(runtime, owner).post(`/communities/${communityId}/channels`, {
      name: 'slow',
      type: 'text',
      slowmodeSeconds: 3600,
    });
    await synced(runtime);
    const refused = await as(runtime, fan).post(`/messages/channels/${news.body.id}`, { content: 'me too' });
    expect([refused.status, refused.body.code]).toEqual([403, 'send_forbidden']);
    await send(runtime, mod, news.body.id, 'release on friday');

    await send(runtime, fan, slow.body.id, 'one');
    const again = await as(runtime, fan).post(`/messages/channels/${slow.body.id}`, { content: 'two' });
    expect([again.status, again.body.code]).toEqual([429, 'slowmode']);
    expect(again.body.retryAfterSeconds).toBeGreaterThan(3500);
    await send(runtime, mod, slow.body.id, 'one');
    await send(runtime, mod, slow.body.id, 'two');
  });

  it('refuses sends and reactions from a timed-out member, who can still read', async () => {
    const message = await send(runtime, owner, general, 'react to this');
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const timeout = await as(runtime, owner).put(`/communities/${communityId}/members/${fan.id}/timeout`, {
      until,
    });
    expect(timeout.status).toBeLessThan(300);
    await synced(runtime);
    const refused = await as(runtime, fan).post(`/messages/channels/${general}`, { content: 'hey' });
    expect([refused.status, refused.body.code]).toEqual([403, 'timed_out']);
    expect((await as(runtime, fan).put(`/messages/${message.id}/reactions/🔥`)).body.code).toBe(
      'reaction_forbidden',
    );
    expect((await as(runtime, fan).get(`/messages/channels/${general}`)).status).toBe(200);
    await as(runtime, owner).delete(`/communities/${communityId}/members/${fan.id}/timeout`);
    await synced(runtime);
    await send(runtime, fan, general, 'back');
  });

  it('forgets a kicked member, and a deleted channel’s messages', async () => {
    const other = await communityWith(runtime, owner, [outsider], 'Synth lovers');
    const lobby = await textChannel(runtime, owner, other);
    await synced(runtime);
    const message = await send(runtime, outsider, lobby, 'hello all');
    await as(runtime, owner).delete(`/communities/${other}/members/${outsider.id}`);
    await synced(runtime);
    expect((await as(runtime, outsider).get(`/messages/channels/${lobby}`)).status).toBe(404);
    expect(await readStateChannels(outsider)).toEqual([]);

    await as(runtime, owner).delete(`/communities/${other}/channels/${lobby}`);
    await synced(runtime);
    expect((await as(runtime, owner).get(`/messages/${message.id}`)).status).toBe(404);
    expect((await as(runtime, owner).get(`/messages/channels/${lobby}`)).status).toBe(404);
  });
});
