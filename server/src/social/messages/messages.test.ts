import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from '../../../test/harness/identity.ts';
import type { TestRuntime } from '../../../test/harness/test-runtime.ts';
import { as, chatter, communityWith, roleWith } from '../chat/chat-test-kit.ts';
import { Permission as P } from '../shared/community-permissions.ts';
import { channelStream } from '../shared/message-events.ts';
import { send, startMessagesRuntime, synced, textChannel } from './messages-test-kit.ts';

let runtime: TestRuntime;
let owner: TestUser;
let fan: TestUser;
let crew: TestUser;
let mod: TestUser;
let communityId: string;
let general: string;

beforeAll(async () => {
  runtime = await startMessagesRuntime();
  owner = await chatter(runtime);
  fan = await chatter(runtime);
  crew = await chatter(runtime);
  mod = await chatter(runtime);
  communityId = await communityWith(runtime, owner, [fan, crew, mod]);
  await roleWith(runtime, owner, communityId, 'Mods', P.MANAGE_MESSAGES, [mod]);
  general = await textChannel(runtime, owner, communityId);
  await synced(runtime);
});
afterAll(() => runtime?.cleanup());

const channelEvents = async (channelId: string) =>
  runtime.hosted.get('messages')!.store.readStream(channelStream(channelId));

const freshChannel = async (name: string) => {
  const created = await as(runtime, owner).post(`/communities/${communityId}/channels`, {
    name,
    type: 'text',
  });
  await synced(runtime);
  return created.body.id as string;
};

const stateOf = async (user: TestUser, channelId: string) =>
  ((await as(runtime, user).get('/messages/read-states')).body.items as { channelId: string }[]).find(
    (state) => state.channelId === channelId,
  );

describe('sending', () => {
  it('takes 1 to 4,000 characters, refusing more with 400 and an oversized body with 413', async () => {
    const channelId = await freshChannel('limits');
    const longest = await as(runtime, fan).post(`/messages/channels/${channelId}`, {
      content: 'x'.repeat(4000),
    });
    expect(longest.status).toBe(201);
    for (const content of ['', 'x'.repeat(4001)]) {
      const refused = await as(runtime, fan).post(`/messages/channels/${channelId}`, { content });
      expect([refused.status, refused.body.code]).toEqual([400, 'validation_failed']);
    }
    const huge = await as(runtime, fan).post(`/messages/channels/${channelId}`, {
      content: 'x'.repeat(40_000),
    });
    expect([huge.status, huge.body.code]).toEqual([413, 'payload_too_large']);
  });

  it('appends MessageCreated with the whole message to the channel’s stream', async () => {
    const channelId = await freshChannel('events');
    const sent = await send(runtime, fan, channelId, 'a full snapshot');
    const [created] = await channelEvents(channelId);
    expect(created).toMatchObject({
      source: 'messages',
      type: 'MessageCreated',
      data: {
        message: {
          id: sent.id,
          channelId,
          communityId,
          authorId: fan.id,
          content: 'a full snapshot',
          replyToId: null,
          pinned: false,
          reactions: [],
          editedAt: null,
        },
        notifiedUserIds: [],
      },
      metadata: { actor: fan.id },
    });
  });

  it('replies only to a message of the same channel', async () => {
    const first = await send(runtime, owner, general, 'what bpm?');
    const reply = await send(runtime, fan, general, '140', first.id);
    expect(reply).toMatchObject({ replyToId: first.id });
    const elsewhere = await freshChannel('elsewhere');
    const refused = await as(runtime, fan).post(`/messages/channels/${elsewhere}`, {
      content: 'wrong place',
      replyToId: first.id,
    });
    expect([refused.status, refused.body.code]).toEqual([400, 'reply_invalid']);
  });
});

describe('mentions and read states', () => {
  it('counts unread messages and mentions per user, and clears them on ack', async () => {
    const channelId = await freshChannel('mentions');
    const crewRole = await roleWith(runtime, owner, communityId, 'Crew', 0, [crew]);
    await synced(runtime);
    await send(runtime, fan, channelId, `hey <@${crew.id}>`);
    await send(runtime, fan, channelId, `<@&${crewRole}> rehearsal`);
    // @everyone without MENTION_EVERYONE is plain text: it notifies no one.
    const plain = await send(runtime, fan, channelId, '@everyone come listen');
    expect(plain).toMatchObject({ mentions: { users: [], roles: [], everyone: false } });
    const loud = await send(runtime, owner, channelId, '@everyone new release');
    expect(loud).toMatchObject({ mentions: { everyone: true } });

    expect(await stateOf(crew, channelId)).toMatchObject({ unreadCount: 4, mentionCount: 3 });
    expect(await stateOf(mod, channelId)).toMatchObject({ unreadCount: 4, mentionCount: 1 });
    // Sending moves the author’s read point to their message: the owner has read everything before it.
    expect(await stateOf(owner, channelId)).toMatchObject({ unreadCount: 0, mentionCount: 0 });
    expect(await stateOf(fan, channelId)).toMatchObject({ unreadCount: 1, mentionCount: 1 });

    const ack = await as(runtime, crew).post(`/messages/channels/${channelId}/ack`, { messageId: plain.id });
    expect(ack.body).toMatchObject({ unreadCount: 1, mentionCount: 1, lastReadMessageId: plain.id });
    // An older ack does not move the read point back.
    const first = (await as(runtime, crew).get(`/messages/channels/${channelId}`)).body.items[0].id;
    const back = await as(runtime, crew).post(`/messages/channels/${channelId}/ack`, { messageId: first });
    expect(back.body).toMatchObject({ lastReadMessageId: plain.id, unreadCount: 1 });
    // Deleting an unread message takes it out of the counts.
    expect((await as(runtime, owner).delete(`/messages/${loud.id}`)).status).toBe(204);
    expect(await stateOf(crew, channelId)).toMatchObject({ unreadCount: 0, mentionCount: 0 });
    expect(await stateOf(mod, channelId)).toMatchObject({ unreadCount: 3, mentionCount: 0 });
    const unknown = await as(runtime, crew).post(`/messages/channels/${channelId}/ack`, {
      messageId: '0190a000-0000-7000-8000-000000000000',
    });
    expect(unknown.status).toBe(200);
    const foreign = await as(runtime, crew).post(`/messages/channels/${channelId}/ack`, {
      messageId: 'ffffffff-ffff-7fff-bfff-ffffffffffff',
    });
    expect([foreign.status, foreign.body.code]).toEqual([400, 'message_unknown']);
  });

  it('starts a new member at the channel’s newest message', async () => {
    const channelId = await freshChannel('history');
    await send(runtime, owner, channelId, 'before you came');
    const late = await chatter(runtime);
    const invite = await as(runtime, owner).post(`/communities/${communityId}/invites`, {});
    await as(runtime, late).post(`/invites/${invite.body.code}`);
    await synced(runtime);
    expect(await stateOf(late, channelId)).toMatchObject({ unreadCount: 0 });
    await send(runtime, owner, channelId, 'after');
    expect(await stateOf(late, channelId)).toMatchObject({ unreadCount: 1 });
  });
});

describe('editing and deleting', () => {
  it('lets only the author edit, keeps the previous contents and marks the message edited', async () => {
    const message = await send(runtime, fan, general, 'draft');
    expect((await as(runtime, owner).patch(`/messages/${message.id}`, { content: 'hijack' })).body.code).toBe(
      'not_author',
    );
    const edited = await as(runtime, fan).patch(`/messages/${message.id}`, { content: 'final' });
    expect(edited.body).toMatchObject({ content: 'final', editedAt: expect.any(String) });
    await as(runtime, fan).patch(`/messages/${message.id}`, { content: 'final v2' });
    const edits = await as(runtime, fan).get(`/messages/${message.id}/edits`);
    expect(edits.body.items.map((edit: { content: string }) => edit.content)).toEqual(['draft', 'final']);
    expect((await as(runtime, crew).get(`/messages/${message.id}/edits`)).status).toBe(403);
    expect((await as(runtime, mod).get(`/messages/${message.id}/edits`)).status).toBe(200);
    expect((await channelEvents(general)).at(-1)).toMatchObject({
      type: 'MessageUpdated',
      data: { message: { id: message.id, content: 'final v2' } },
    });
  });

  it('lets the author or MANAGE_MESSAGES delete', async () => {
    const first = await send(runtime, fan, general, 'one');
    const second = await send(runtime, fan, general, 'two');
    const refused = await as(runtime, crew).delete(`/messages/${first.id}`);
    expect([refused.status, refused.body.code]).toEqual([403, 'delete_forbidden']);
    expect((await as(runtime, fan).delete(`/messages/${first.id}`)).status).toBe(204);
    expect((await as(runtime, mod).delete(`/messages/${second.id}`)).status).toBe(204);
    expect((await as(runtime, fan).get(`/messages/${first.id}`)).status).toBe(404);
    expect((await as(runtime, fan).delete(`/messages/${first.id}`)).status).toBe(404);
    expect((await channelEvents(general)).at(-1)).toMatchObject({
      type: 'MessageDeleted',
      data: { messageId: second.id, authorId: fan.id, deletedBy: mod.id, channelId: general },
    });
  });
});

describe('pages', () => {
  it('pages by before, after and around, oldest first', async () => {
    const channelId = await freshChannel('pages');
    const ids: string[] = [];
    for (let i = 0; i < 9; i++) ids.push((await send(runtime, owner, channelId, `m${i}`)).id);
    const page = async (query: string) =>
      (
        (await as(runtime, fan).get(`/messages/channels/${channelId}${query}`)).body.items as { id: string }[]
      ).map((message) => message.id);
    expect(await page('?limit=3')).toEqual(ids.slice(6));
    expect(await page(`?before=${ids[6]}&limit=3`)).toEqual(ids.slice(3, 6));
    expect(await page(`?after=${ids[2]}&limit=3`)).toEqual(ids.slice(3, 6));
    expect(await page(`?around=${ids[4]}&limit=4`)).toEqual(ids.slice(3, 7));
    expect(await page(`?before=${ids[0]}`)).toEqual([]);
    expect(await page('')).toEqual(ids);
    const both = await as(runtime, fan).get(
      `/messages/channels/${channelId}?before=${ids[1]}&after=${ids[0]}`,
    );
    expect(both.body.code).toBe('page_ambiguous');
  });
});

describe('reactions and pins', () => {
  it('counts reactions per emoji, once per user, and lists who reacted', async () => {
    const message = await send(runtime, owner, general, 'new track out');
    const fire = encodeURIComponent('🔥');
    expect((await as(runtime, fan).put(`/messages/${message.id}/reactions/${fire}`)).status).toBe(204);
    await as(runtime, fan).put(`/messages/${message.id}/reactions/${fire}`);
    await as(runtime, crew).put(`/messages/${message.id}/reactions/${fire}`);
    await as(runtime, crew).put(`/messages/${message.id}/reactions/${encodeURIComponent('👍')}`);
    const seen = await as(runtime, fan).get(`/messages/${message.id}`);
    expect(seen.body.reactions).toEqual([
      { emoji: '🔥', count: 2, me: true },
      { emoji: '👍', count: 1, me: false },
    ]);
    const who = await as(runtime, owner).get(`/messages/${message.id}/reactions/${fire}`);
    expect(who.body.items.map((item: { userId: string }) => item.userId)).toEqual([fan.id, crew.id]);
    await as(runtime, fan).delete(`/messages/${message.id}/reactions/${fire}`);
    expect(
      (await as(runtime, fan).delete(`/messages/${message.id}/reactions/${fire}/${crew.id}`)).status,
    ).toBe(403);
    expect(
      (await as(runtime, mod).delete(`/messages/${message.id}/reactions/${fire}/${crew.id}`)).status,
    ).toBe(204);
    expect((await as(runtime, fan).get(`/messages/${message.id}`)).body.reactions).toEqual([
      { emoji: '👍', count: 1, me: false },
    ]);
    const types = (await channelEvents(general)).slice(-5).map((event) => event.type);
    expect(types).toEqual([
      'ReactionAdded',
      'ReactionAdded',
      'ReactionAdded',
      'ReactionRemoved',
      'ReactionRemoved',
    ]);
  });

  it('lets MANAGE_MESSAGES pin and unpin, and lists the pins', async () => {
    const message = await send(runtime, fan, general, 'rules: be kind');
    const refused = await as(runtime, fan).put(`/messages/${message.id}/pin`);
    expect([refused.status, refused.body.code]).toEqual([403, 'pin_forbidden']);
    expect((await as(runtime, mod).put(`/messages/${message.id}/pin`)).body).toMatchObject({ pinned: true });
    const pins = await as(runtime, fan).get(`/messages/channels/${general}/pins`);
    expect(pins.body.items.map((item: { id: string }) => item.id)).toEqual([message.id]);
    expect((await channelEvents(general)).at(-1)).toMatchObject({
      type: 'MessagePinned',
      data: { by: mod.id, message: { id: message.id, pinned: true } },
    });
    expect((await as(runtime, mod).delete(`/messages/${message.id}/pin`)).body).toMatchObject({
      pinned: false,
    });
    expect((await as(runtime, fan).get(`/messages/channels/${general}/pins`)).body.items).toEqual([]);
  });
});

describe('search', () => {
  it('finds words and phrases in the channels the caller may read, newest first', async () => {
    const open = await send(runtime, fan, general, 'Looking for a vocalist for my techno track');
    const later = await send(runtime, crew, general, 'techno vocals available');
    await send(runtime, crew, general, 'house piano loop');
    const secret = await freshChannel('staff-only');
    await as(runtime, owner).put(`/communities/${communityId}/channels/${secret}/overwrites/${communityId}`, {
      targetType: 'role',
      allow: 0,
      deny: P.VIEW_CHANNEL,
    });
    await synced(runtime);
    await send(runtime, owner, secret, 'techno staff secret');
    const search = async (user: TestUser, q: string) =>
      (await as(runtime, user).get(`/messages/communities/${communityId}/search?q=${encodeURIComponent(q)}`))
        .body.items as { id: string }[];
    expect((await search(fan, 'techno')).map((item) => item.id)).toEqual([later.id, open.id]);
    expect((await search(fan, '"techno track"')).map((item) => item.id)).toEqual([open.id]);
    expect((await search(fan, 'techno -vocals')).map((item) => item.id)).toEqual([open.id]);
    expect(await search(owner, 'staff')).toHaveLength(1);
    const outsider = await chatter(runtime);
    const refused = await as(runtime, outsider).get(`/messages/communities/${communityId}/search?q=techno`);
    expect(refused.status).toBe(404);
  });
});
