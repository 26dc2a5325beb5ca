import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from '../../../test/harness/identity.ts';
import type { TestRuntime } from '../../../test/harness/test-runtime.ts';
import { ProblemError } from '../../kernel/errors/problem-error.ts';
import type { ServiceContext } from '../../kernel/service-module.ts';
import { chatter, communityWith, roleWith } from '../chat/chat-test-kit.ts';
import { Permission as P } from '../shared/community-permissions.ts';
import { channelAccess } from './channel-access.ts';
import { deleteMessage } from './message-changes.ts';
import type { MessagesDb } from './message-tables.ts';
import { startMessagesRuntime, synced, textChannel } from './messages-test-kit.ts';
import { acknowledge } from './read-states.ts';
import { sendMessage } from './send-message.ts';

/**
 * Acceptance 4: after any interleaving of sends (with and without mentions), acks and deletes by several
 * users in a channel, every user's unread and mention counts equal a recount from the messages table.
 * The commands run through the same transactions the routes use, a few at a time concurrently (real
 * PostgreSQL then interleaves them for real).
 */
let runtime: TestRuntime;
let ctx: ServiceContext<MessagesDb>;
let users: TestUser[];
let roleId: string;
let channelId: string;

beforeAll(async () => {
  runtime = await startMessagesRuntime();
  users = [];
  for (let i = 0; i < 4; i++) users.push(await chatter(runtime));
  const [owner, ...members] = users as [TestUser, ...TestUser[]];
  const communityId = await communityWith(runtime, owner, members);
  roleId = await roleWith(runtime, owner, communityId, 'Crew', P.VIEW_CHANNEL, members.slice(0, 2));
  channelId = await textChannel(runtime, owner, communityId);
  await synced(runtime);
  ctx = runtime.hosted.get('messages')!.context as ServiceContext<MessagesDb>;
});
afterAll(() => runtime?.cleanup());

type Mention = { kind: 'none' } | { kind: 'user'; target: number } | { kind: 'role' } | { kind: 'everyone' };
type Command =
  | { kind: 'send'; by: number; mention: Mention }
  | { kind: 'ack'; by: number; pick: number }
  | { kind: 'delete'; by: number; pick: number };

const user = fc.integer({ min: 0, max: 3 });
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    kind: fc.constant('send' as const),
    by: user,
    mention: fc.oneof(
      fc.constant({ kind: 'none' as const }),
      fc.record({ kind: fc.constant('user' as const), target: user }),
      fc.constant({ kind: 'role' as const }),
      fc.constant({ kind: 'everyone' as const }),
    ),
  }),
  fc.record({ kind: fc.constant('ack' as const), by: user, pick: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), by: user, pick: fc.nat() }),
);

function contentOf(mention: Mention) {
  switch (mention.kind) {
    case 'none':
      return 'new loop';
    case 'user':
      return `check this <@${users[mention.target]!.id}>`;
    case 'role':
      return `<@&${roleId}> rehearsal`;
    case 'everyone':
      return '@everyone listening party';
  }
}

/** Ids of the messages sent so far (deleted ones included: an ack may name a deleted message's position). */
let sent: string[] = [];

async function run(step: Command) {
  const userId = users[step.by]!.id;
  try {
    await ctx.write({ actor: userId }, async (tx) => {
      if (step.kind === 'delete') {
        if (sent.length) await deleteMessage(tx, sent[step.pick % sent.length]!, userId);
        return;
      }
      const access = await channelAccess(tx.db, channelId, userId, { lock: true });
      if (step.kind === 'send') {
        const message = await sendMessage(tx, access, userId, { content: contentOf(step.mention) });
        sent.push(message.id);
      } else if (sent.length) {
        await acknowledge(tx, userId, channelId, sent[step.pick % sent.length]!);
      }
    });
  } catch (error) {
    // Deleting another's message (403) or one already deleted (404) is part of the interleavings.
    if (!(error instanceof ProblemError && [403, 404].includes(error.status))) throw error;
  }
}

/** Each run starts from an empty channel that everyone has read, so a failure shrinks to its own history. */
async function emptyChannel() {
  sent = [];
  const db = runtime.database.kysely;
  await sql`delete from messages.messages where channel_id = ${channelId}`.execute(db);
  await sql`update messages.read_states set last_read_message_id = null, unread_count = 0, mention_count = 0
    where channel_id = ${channelId}`.execute(db);
}

async function countsAndRecounts() {
  const { rows } = await sql<{
    user_id: string;
    unread_count: number;
    mention_count: number;
    unread: number;
    mentions: number;
  }>`
    select rs.user_id, rs.unread_count, rs.mention_count,
      (select count(*)::int from messages.messages m
        where m.channel_id = rs.channel_id and m.author_id <> rs.user_id
          and (rs.last_read_message_id is null or m.id > rs.last_read_message_id)) as unread,
      (select count(*)::int from messages.message_mentions mm
        where mm.channel_id = rs.channel_id and mm.user_id = rs.user_id
          and (rs.last_read_message_id is null or mm.message_id > rs.last_read_message_id)) as mentions
    from messages.read_states rs
    where rs.channel_id = ${channelId}
    order by rs.user_id`.execute(runtime.database.kysely);
  return rows;
}

describe('read state counts', () => {
  it('equal a recount from the messages table after any interleaving of sends, acks and deletes', async () => {
    let seenUnread = 0;
    let seenMentions = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(command, { minLength: 1, maxLength: 3 }), { maxLength: 12 }),
        async (batches) => {
          await emptyChannel();
          for (const batch of batches) await Promise.all(batch.map(run));
          const rows = await countsAndRecounts();
          expect(rows).toHaveLength(users.length);
          for (const row of rows) {
            expect({ user: row.user_id, unread: row.unread_count, mentions: row.mention_count }).toEqual({
              user: row.user_id,
              unread: row.unread,
              mentions: row.mentions,
            });
            seenUnread = Math.max(seenUnread, row.unread);
            seenMentions = Math.max(seenMentions, row.mentions);
          }
        },
      ),
      { numRuns: 25 },
    );
    // The histories were not trivial: some ended with unread messages and mentions.
    expect(seenUnread).toBeGreaterThan(0);
    expect(seenMentions).toBeGreaterThan(0);
  });
});
