import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from '../../../test/harness/identity.ts';
import type { TestRuntime } from '../../../test/harness/test-runtime.ts';
import { as, chatter, communityWith } from '../chat/chat-test-kit.ts';
import { channelStream } from '../shared/message-events.ts';
import { send, startMessagesRuntime, synced, textChannel } from './messages-test-kit.ts';

let runtime: TestRuntime;
let ann: TestUser;
let ben: TestUser;
let cat: TestUser;
let dan: TestUser;

beforeAll(async () => {
  runtime = await startMessagesRuntime();
  ann = await chatter(runtime);
  ben = await chatter(runtime);
  cat = await chatter(runtime);
  dan = await chatter(runtime);
  await synced(runtime);
});
afterAll(() => runtime?.cleanup());

const stateOf = async (user: TestUser, channelId: string) =>
  ((await as(runtime, user).get('/messages/read-states')).body.items as { channelId: string }[]).find(
    (state) => state.channelId === channelId,
  );

describe('DMs and group DMs', () => {
  it('opens one DM per pair, private to its two people, with messages and read states', async () => {
    const opened = await as(runtime, ann).post('/messages/dms', { userIds: [ben.id] });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ type: 'dm', ownerId: null });
    expect(opened.body.participantIds.sort()).toEqual([ann.id, ben.id].sort());
    const again = await as(runtime, ben).post('/messages/dms', { userIds: [ann.id] });
    expect([again.status, again.body.id]).toEqual([200, opened.body.id]);

    const dm = opened.body.id as string;
    await send(runtime, ann, dm, `hi <@${ben.id}>`);
    expect(await stateOf(ben, dm)).toMatchObject({ unreadCount: 1, mentionCount: 1, communityId: null });
    expect((await as(runtime, ben).get(`/messages/channels/${dm}`)).body.items).toHaveLength(1);
    expect((await as(runtime, cat).get(`/messages/channels/${dm}`)).status).toBe(404);
    expect((await as(runtime, cat).post(`/messages/channels/${dm}`, { content: 'psst' })).status).toBe(404);
    expect(
      (await as(runtime, ben).get('/messages/dms')).body.items.map((item: { id: string }) => item.id),
    ).toEqual([dm]);
    const [created] = await runtime.hosted.get('messages')!.store.readStream(channelStream(dm));
    expect(created).toMatchObject({ type: 'DmChannelCreated', data: { channel: { id: dm, type: 'dm' } } });
  });

  it('opens a group DM with up to 9 others', async () => {
    const group = await as(runtime, ann).post('/messages/dms', { userIds: [ben.id, cat.id], name: 'Collab' });
    expect(group.body).toMatchObject({ type: 'group_dm', ownerId: ann.id, name: 'Collab' });
    await send(runtime, cat, group.body.id, 'stems uploaded');
    expect(await stateOf(ben, group.body.id)).toMatchObject({ unreadCount: 1 });
    const tooMany = await as(runtime, ann).post('/messages/dms', {
      userIds: Array.from({ length: 10 }, (_, i) => `0190a000-0000-7000-8000-00000000000${i}`),
    });
    expect(tooMany.body.code).toBe('validation_failed');
    const unknown = await as(runtime, ann).post('/messages/dms', {
      userIds: ['0190a000-0000-7000-8000-000000000001'],
    });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'user_not_found']);
    expect((await as(runtime, ann).post('/messages/dms', { userIds: [ann.id] })).body.code).toBe(
      'dm_invalid',
    );
  });
});

describe('blocking', () => {
  it('keeps a blocked user from DMing you and from notifying you with mentions', async () => {
    const dm = (await as(runtime, dan).post('/messages/dms', { userIds: [cat.id] })).body.id as string;
    expect((await as(runtime, cat).put(`/messages/blocks/${dan.id}`)).status).toBe(204);
    expect((await as(runtime, cat).get('/messages/blocks')).body.items).toEqual([
      { userId: dan.id, blockedAt: expect.any(String) },
    ]);
    const refused = await as(runtime, dan).post(`/messages/channels/${dm}`, { content: 'hello?' });
    expect([refused.status, refused.body.code]).toEqual([403, 'blocked']);
    const reopen = await as(runtime, dan).post('/messages/dms', { userIds: [cat.id] });
    expect([reopen.status, reopen.body.code]).toEqual([403, 'blocked']);

    // In a community they share, dan's mention of cat notifies nothing; ann's still does.
    const communityId = await communityWith(runtime, ann, [cat, dan]);
    const channelId = await textChannel(runtime, ann, communityId);
    await synced(runtime);
    const mention = await send(runtime, dan, channelId, `<@${cat.id}> listen`);
    expect(mention.mentions).toMatchObject({ users: [cat.id] });
    expect(await stateOf(cat, channelId)).toMatchObject({ unreadCount: 1, mentionCount: 0 });
    await send(runtime, ann, channelId, `<@${cat.id}> and me`);
    expect(await stateOf(cat, channelId)).toMatchObject({ unreadCount: 2, mentionCount: 1 });

    expect((await as(runtime, cat).delete(`/messages/blocks/${dan.id}`)).status).toBe(204);
    await send(runtime, dan, dm, 'friends again');
    expect((await as(runtime, cat).put(`/messages/blocks/${cat.id}`)).body.code).toBe('block_invalid');
  });
});

describe('data export', () => {
  it('gives an account its messages with their earlier versions, and its blocks', async () => {
    const dm = (await as(runtime, ben).post('/messages/dms', { userIds: [dan.id] })).body.id as string;
    const message = await send(runtime, ben, dm, 'first take');
    await as(runtime, ben).patch(`/messages/${message.id}`, { content: 'second take' });
    await as(runtime, ben).put(`/messages/blocks/${ann.id}`);
    const exported = await as(runtime, ben).get('/users/me/export');
    expect(exported.body.services.messages.messages).toContainEqual(
      expect.objectContaining({ id: message.id, content: 'second take', previousContents: ['first take'] }),
    );
    expect(exported.body.services.messages.blocks).toEqual([
      { userId: ann.id, blockedAt: expect.any(String) },
    ]);
    expect(exported.body.services.messages.dmChannelIds).toContain(dm);
  });
});
