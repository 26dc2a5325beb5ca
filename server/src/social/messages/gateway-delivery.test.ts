import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from '../../../test/harness/identity.ts';
import { startTestRuntime, type TestRuntime } from '../../../test/harness/test-runtime.ts';
import { authService } from '../../user/auth/auth-service.ts';
import { chatService } from '../chat/chat-service.ts';
import { as, chatter, communityWith, roleWith } from '../chat/chat-test-kit.ts';
import { gatewayService } from '../gateway/gateway-service.ts';
import { TestClient } from '../gateway/gateway-test-kit.ts';
import { Permission as P } from '../shared/community-permissions.ts';
import { messagesGatewayPlugins } from './gateway-access.ts';
import { messagesService } from './messages-service.ts';
import { send, synced, textChannel } from './messages-test-kit.ts';

/**
 * Issue 5's three parts together, through the public API: a message sent over HTTP reaches the members who
 * may read its channel over /gateway, and stops reaching a role an overwrite hides the channel from.
 */
let runtime: TestRuntime;
let owner: TestUser;
let fan: TestUser;
let communityId: string;
let general: string;
/** A channel everyone keeps reading: its messages mark how far a connection has received. */
let open: string;
const clients: TestClient[] = [];

beforeAll(async () => {
  runtime = await startTestRuntime({
    services: [
      authService,
      chatService,
      messagesService,
      gatewayService({ heartbeatIntervalMs: 60_000, plugins: [messagesGatewayPlugins] }),
    ],
  });
  owner = await chatter(runtime);
  fan = await chatter(runtime);
  communityId = await communityWith(runtime, owner, [fan]);
  general = await textChannel(runtime, owner, communityId);
  const created = await as(runtime, owner).post(`/communities/${communityId}/channels`, {
    name: 'open',
    type: 'text',
  });
  open = created.body.id;
  await synced(runtime);
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await runtime?.cleanup();
});

async function connected(user: TestUser) {
  const client = await TestClient.connect(runtime.url);
  clients.push(client);
  return { client, ready: await client.identify(user) };
}

describe('live delivery of messages over the gateway', () => {
  it('READY lists the communities, readable channels and read states; a sent message is dispatched', async () => {
    const { client: a } = await connected(owner);
    const { client: b, ready } = await connected(fan);
    expect(ready.d.communities).toEqual([communityId]);
    expect(ready.d.channels.map((channel: { id: string }) => channel.id)).toContain(general);
    expect(ready.d.readStates.map((state: { channelId: string }) => state.channelId)).toContain(general);

    const sent = await send(runtime, owner, general, 'new loop in the drive');
    const [created] = await b.dispatches('MESSAGE_CREATE', 1);
    expect(created!.d.message).toMatchObject({ id: sent.id, content: 'new loop in the drive' });
    expect(created!.d).not.toHaveProperty('notifiedUserIds');
    expect((await a.dispatches('MESSAGE_CREATE', 1))[0]!.d.message.id).toBe(sent.id);

    const edited = await as(runtime, owner).patch(`/messages/${sent.id}`, { content: 'new loop, v2' });
    expect(edited.status).toBe(200);
    expect((await b.dispatches('MESSAGE_UPDATE', 1))[0]!.d.message.content).toBe('new loop, v2');
  });

  it('stops dispatching to the members of a role the channel is hidden from', async () => {
    const { client: a } = await connected(owner);
    const { client: b } = await connected(fan);
    const roleId = await roleWith(runtime, owner, communityId, 'Listeners', P.VIEW_CHANNEL, [fan]);
    const hidden = await as(runtime, owner).put(
      `/communities/${communityId}/channels/${general}/overwrites/${roleId}`,
      { targetType: 'role', allow: 0, deny: P.VIEW_CHANNEL },
    );
    expect(hidden.status).toBe(200);
    await synced(runtime);

    // The gateway re-evaluates topics on a signal sent after the change committed, so a message may still
    // slip through just after it: each round sends one to the hidden channel, then a marker to a channel B
    // still reads, and ends when B's marker came without the hidden message before it.
    const hiddenFromB = async () => {
      const secret = await send(runtime, owner, general, 'crew only');
      const marker = await send(runtime, owner, open, 'everyone');
      const markerAt = b.frames.indexOf(
        await b.next((frame) => frame.t === 'MESSAGE_CREATE' && frame.d.message.id === marker.id),
      );
      await a.next((frame) => frame.t === 'MESSAGE_CREATE' && frame.d.message.id === secret.id);
      return !b.frames
        .slice(0, markerAt)
        .some((frame) => frame.t === 'MESSAGE_CREATE' && frame.d.message.id === secret.id);
    };
    let rounds = 1;
    while (!(await hiddenFromB())) {
      rounds++;
      expect(rounds).toBeLessThanOrEqual(20);
    }
    // Hidden for good: nothing of the channel reaches B any more, while its owner still receives it.
    const later = await send(runtime, owner, general, 'still crew only');
    const marker = await send(runtime, owner, open, 'everyone again');
    await b.next((frame) => frame.t === 'MESSAGE_CREATE' && frame.d.message.id === marker.id);
    await a.next((frame) => frame.t === 'MESSAGE_CREATE' && frame.d.message.id === later.id);
    expect(
      b.frames.filter((frame) => frame.t === 'MESSAGE_CREATE' && frame.d.message.id === later.id),
    ).toEqual([]);
  });

  it('delivers the messages of a DM opened while its participants were connected', async () => {
    const { client: b } = await connected(fan);
    const dm = await as(runtime, owner).post('/messages/dms', { userIds: [fan.id] });
    expect(dm.status).toBe(201);
    // B's connection takes the new DM's topic on a signal: each round sends a DM and a marker on a channel
    // B reads, and ends once a DM reached B.
    const sent: string[] = [];
    for (let round = 1; ; round++) {
      sent.push((await send(runtime, owner, dm.body.id, `stems, take ${round}`)).id);
      const marker = await send(runtime, owner, open, `marker ${round}`);
      await b.next((frame) => frame.t === 'MESSAGE_CREATE' && frame.d.message.id === marker.id);
      const delivered = b.frames.filter(
        (frame) => frame.t === 'MESSAGE_CREATE' && sent.includes(frame.d.message.id),
      );
      if (delivered.length > 0) {
        expect(delivered[0]!.d.message.channelId).toBe(dm.body.id);
        break;
      }
      expect(round).toBeLessThan(20);
    }
  });
});
