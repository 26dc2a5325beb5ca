import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestRuntime } from '../../../test/harness/test-runtime.ts';
import type { StoredEvent } from '../../kernel/events/event-types.ts';
import type { Consumer } from '../../kernel/service-module.ts';
import { type ChatEvent, communityStream } from '../shared/chat-events.ts';
import { DEFAULT_EVERYONE_PERMISSIONS, Permission as P } from '../shared/community-permissions.ts';
import { startMessagesRuntime } from './messages-test-kit.ts';

/**
 * The bus delivers at least once and a retried event may come after newer ones: whatever the order and
 * however often each event arrives, the channel access read model must end as in-order delivery leaves it.
 */
let runtime: TestRuntime;
let consumer: Consumer;

beforeAll(async () => {
  runtime = await startMessagesRuntime();
  consumer = runtime.hosted
    .get('messages')!
    .consumers.find((candidate) => candidate.group === 'messages.chat')!;
});
afterAll(() => runtime?.cleanup());

/** A community's history: roles, channels with overwrites, members joining, changing roles, timed out, leaving. */
function history() {
  const id = { community: randomUUID(), owner: randomUUID(), fan: randomUUID(), other: randomUUID() };
  const role = randomUUID();
  const text = randomUUID();
  const hidden = randomUUID();
  const gone = randomUUID();
  const channel = (channelId: string, overwrites: { targetId: string; deny: number }[] = []) => ({
    id: channelId,
    type: 'text' as const,
    name: 'c',
    topic: '',
    parentId: null,
    position: 1,
    slowmodeSeconds: 0,
    overwrites: overwrites.map((overwrite) => ({ targetType: 'role' as const, allow: 0, ...overwrite })),
  });
  const communityId = id.community;
  const events: ChatEvent[] = [
    { type: 'CommunityCreated', data: { communityId, name: 'n', description: '', ownerId: id.owner } },
    {
      type: 'RoleCreated',
      data: {
        communityId,
        role: {
          id: communityId,
          name: '@everyone',
          permissions: DEFAULT_EVERYONE_PERMISSIONS,
          position: 0,
          color: null,
        },
      },
    },
    { type: 'ChannelCreated', data: { communityId, channel: channel(text) } },
    { type: 'MemberJoined', data: { communityId, userId: id.owner, inviteCode: null } },
    { type: 'MemberJoined', data: { communityId, userId: id.fan, inviteCode: 'x' } },
    { type: 'MemberJoined', data: { communityId, userId: id.other, inviteCode: 'x' } },
    {
      type: 'RoleCreated',
      data: { communityId, role: { id: role, name: 'r', permissions: 0, position: 1, color: null } },
    },
    {
      type: 'RoleUpdated',
      data: {
        communityId,
        role: { id: role, name: 'r', permissions: P.MANAGE_MESSAGES, position: 1, color: null },
      },
    },
    {
      type: 'MemberRolesChanged',
      data: { communityId, userId: id.fan, roleIds: [role], added: [role], removed: [] },
    },
    { type: 'ChannelCreated', data: { communityId, channel: channel(hidden) } },
    {
      type: 'ChannelUpdated',
      data: { communityId, channel: channel(hidden, [{ targetId: role, deny: P.VIEW_CHANNEL }]) },
    },
    { type: 'ChannelCreated', data: { communityId, channel: channel(gone) } },
    { type: 'ChannelDeleted', data: { communityId, channelId: gone } },
    {
      type: 'MemberTimedOut',
      data: {
        communityId,
        userId: id.fan,
        moderatorId: id.owner,
        until: '2099-01-01T00:00:00.000Z',
        reason: null,
      },
    },
    { type: 'MemberLeft', data: { communityId, userId: id.other, accountDeleted: false } },
    {
      type: 'MemberRolesChanged',
      data: { communityId, userId: id.owner, roleIds: [role], added: [role], removed: [] },
    },
    { type: 'CommunityUpdated', data: { communityId, name: 'n', description: '', ownerId: id.fan } },
  ];
  const stored: StoredEvent[] = events.map((event, index) => ({
    eventId: randomUUID(),
    source: 'chat',
    streamId: communityStream(communityId),
    version: index + 1,
    position: null,
    type: event.type,
    data: event.data,
    metadata: {},
    occurredAt: new Date(),
  }));
  const names = new Map<string, string>([
    ...Object.entries(id).map(([name, value]) => [value, name] as [string, string]),
    [role, 'role'],
    [text, 'text'],
    [hidden, 'hidden'],
    [gone, 'gone'],
  ]);
  return { communityId, stored, names };
}

const deliver = (event: StoredEvent) =>
  runtime.hosted.get('messages')!.context.write({}, (tx) => consumer.handle(event, tx));

/** The read model of a community, with its ids replaced by their names so two histories compare. */
async function modelOf(communityId: string, names: Map<string, string>) {
  const db = runtime.database.kysely;
  const rows = async (query: ReturnType<typeof sql>) => (await query.execute(db)).rows;
  const text = JSON.stringify({
    communities: await rows(sql`select * from messages.communities where id = ${communityId}`),
    roles: await rows(
      sql`select * from messages.roles where community_id = ${communityId} order by position`,
    ),
    members: await rows(
      sql`select * from messages.members where community_id = ${communityId} order by user_id`,
    ),
    channels: await rows(
      sql`select id, community_id, type, slowmode_seconds, overwrites, version, deleted
        from messages.channels where community_id = ${communityId}`,
    ),
    readStates:
      await rows(sql`select r.* from messages.read_states r join messages.channels c on c.id = r.channel_id
      where c.community_id = ${communityId}`),
  });
  const named = text.replace(
    /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g,
    (uuid) => names.get(uuid) ?? uuid,
  );
  // Rows were ordered by ids that differ between histories: compare as sorted sets.
  const parsed = JSON.parse(named) as Record<string, unknown[]>;
  return Object.fromEntries(
    Object.entries(parsed).map(([table, list]) => [table, list.map((row) => JSON.stringify(row)).sort()]),
  );
}

describe('the chat events consumer', () => {
  it('ends in the same state whatever the order and repetition of deliveries', async () => {
    const reference = history();
    for (const event of reference.stored) await deliver(event);
    const expected = await modelOf(reference.communityId, reference.names);
    expect(expected.members).toHaveLength(3);
    expect(expected.readStates).toHaveLength(4);

    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(), { minLength: 17, maxLength: 17 }),
        fc.array(fc.nat({ max: 16 }), { maxLength: 6 }),
        async (keys, repeats) => {
          const run = history();
          // A random permutation (sort by random keys) with some events delivered again.
          const order = run.stored
            .map((event, index) => ({ event, key: keys[index]! }))
            .sort((a, b) => a.key - b.key)
            .map(({ event }) => event);
          for (const event of [...order, ...repeats.map((index) => run.stored[index]!)]) await deliver(event);
          expect(await modelOf(run.communityId, run.names)).toEqual(expected);
        },
      ),
      { numRuns: 20 },
    );
  });
});
