import { sql } from 'kysely';
import type { TestUser } from '../../../test/harness/identity.ts';
import { startTestRuntime, type TestRuntime } from '../../../test/harness/test-runtime.ts';
import { eventually } from '../../../test/harness/veza-process.ts';
import { authService } from '../../user/auth/auth-service.ts';
import { chatService } from '../chat/chat-service.ts';
import { as } from '../chat/chat-test-kit.ts';
import type { MessageSnapshot } from '../shared/message-events.ts';
import { messagesService } from './messages-service.ts';

/**
 * What the messages tests share: a runtime with the auth service (real accounts), the chat service (real
 * communities, roles, channels and their events) and this one. Not a test file itself.
 */
export const startMessagesRuntime = () =>
  startTestRuntime({ services: [authService, chatService, messagesService] });

/**
 * Waits until the messages service has applied every chat event and account event so far (through
 * RabbitMQ in the real project, asynchronously): its inbox holds as many of them as their stores.
 */
export async function synced(runtime: TestRuntime) {
  await runtime.settle();
  const db = runtime.database.kysely;
  const count = async (query: ReturnType<typeof sql<{ n: number }>>) => (await query.execute(db)).rows[0]!.n;
  await eventually(
    async () => ({
      chat: await count(sql`select count(*)::int as n from chat.events`),
      chatApplied: await count(
        sql`select count(*)::int as n from messages.inbox where group_name = 'messages.chat'`,
      ),
      accounts: await count(
        sql`select count(*)::int as n from auth.events where type in ('UserRegistered', 'UserDeleted')`,
      ),
      accountsApplied: await count(
        sql`select count(*)::int as n from messages.inbox where group_name = 'messages.accounts'`,
      ),
    }),
    (counts) => counts.chat === counts.chatApplied && counts.accounts === counts.accountsApplied,
  );
}

/** The community's channels as its owner sees them (the default text channel is the last). */
export async function textChannel(runtime: TestRuntime, owner: TestUser, communityId: string) {
  const channels = await as(runtime, owner).get(`/communities/${communityId}/channels`);
  return (channels.body.items as { id: string; type: string }[]).find((channel) => channel.type === 'text')!
    .id;
}

/** Sends `content` as `user` in `channelId`; throws unless it was created. */
export async function send(
  runtime: TestRuntime,
  user: TestUser,
  channelId: string,
  content: string,
  replyToId?: string,
) {
  const answer = await as(runtime, user).post(`/messages/channels/${channelId}`, {
    content,
    ...(replyToId ? { replyToId } : {}),
  });
  if (answer.status !== 201)
    throw new Error(`send answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body as MessageSnapshot;
}
