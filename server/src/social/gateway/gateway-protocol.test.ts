import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOBBY } from '../../../test/fixtures/gateway-fixture-service.ts';
import { signUpVerified, type TestUser } from '../../../test/harness/identity.ts';
import type { TestRuntime } from '../../../test/harness/test-runtime.ts';
import { CloseCode, Opcode } from './gateway-protocol.ts';
import { publish, startGatewayRuntime, TestClient } from './gateway-test-kit.ts';

let runtime: TestRuntime;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  runtime = await startGatewayRuntime({ heartbeatIntervalMs: 300, commandBurst: 10, commandsPerSecond: 1 });
  alice = await signUpVerified(runtime);
  bob = await signUpVerified(runtime);
});
afterAll(() => runtime?.cleanup());

describe('gateway protocol', () => {
  it('says HELLO, answers IDENTIFY with READY, then dispatches with increasing sequence numbers', async () => {
    const client = await TestClient.connect(runtime.url);
    expect(client.frames[0]).toEqual({ op: Opcode.Hello, d: { heartbeatInterval: 300 } });
    const ready = await client.identify(alice);
    expect(ready).toMatchObject({ op: Opcode.Dispatch, t: 'READY', s: 0, d: { user: { id: alice.id } } });
    expect(typeof ready.d.sessionId).toBe('string');
    await publish(runtime.url, { topic: LOBBY, t: 'MESSAGE_CREATE', count: 3 });
    const messages = await client.dispatches('MESSAGE_CREATE', 3);
    expect(messages.map((frame) => frame.d.i)).toEqual([0, 1, 2]);
    const seqs = messages.map((frame) => frame.s!);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(3);
    expect(seqs[0]).toBeGreaterThan(0);
    client.destroy();
  });

  it("delivers a user's own topic only to that user", async () => {
    const aliceClient = await TestClient.connect(runtime.url);
    const bobClient = await TestClient.connect(runtime.url);
    await aliceClient.identify(alice);
    await bobClient.identify(bob);
    await publish(runtime.url, { topic: `user:${bob.id}`, t: 'DM_CREATE' });
    await publish(runtime.url, { topic: LOBBY, t: 'MARKER' });
    await bobClient.dispatches('DM_CREATE', 1);
    await aliceClient.dispatches('MARKER', 1);
    expect(aliceClient.frames.some((frame) => frame.t === 'DM_CREATE')).toBe(false);
    aliceClient.destroy();
    bobClient.destroy();
  });

  it('subscribes a connected session to a topic its user was just allowed to read', async () => {
    const client = await TestClient.connect(runtime.url);
    client.keepBeating(100);
    await client.identify(bob);
    await publish(runtime.url, { topic: 'channel:backstage', t: 'BEFORE_GRANT' });
    const grant = await fetch(`${runtime.url}/api/v1/gateway-fixture/grant`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: bob.id, topic: 'channel:backstage' }),
    });
    expect(grant.status).toBe(204);
    // The grant is applied asynchronously (a pub/sub signal): publish until one arrives.
    while (!client.frames.some((frame) => frame.t === 'AFTER_GRANT')) {
      await publish(runtime.url, { topic: 'channel:backstage', t: 'AFTER_GRANT' });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(client.frames.some((frame) => frame.t === 'BEFORE_GRANT')).toBe(false);
    client.destroy();
  });

  it('acknowledges heartbeats and keeps a heartbeating connection open', async () => {
    const client = await TestClient.connect(runtime.url);
    await client.identify(alice);
    for (let beat = 0; beat < 5; beat++) {
      const from = client.frames.length;
      client.send(Opcode.Heartbeat, { seq: client.lastSeq });
      await client.next((frame) => frame.op === Opcode.HeartbeatAck, from);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    // 5 × 150 ms is more than 1.5 intervals: only the heartbeats kept it open.
    expect(client.ws.readyState).toBe(client.ws.OPEN);
    client.destroy();
  });

  it('closes a connection that stops heartbeating (zombie) with 4009', async () => {
    const client = await TestClient.connect(runtime.url);
    await client.identify(alice);
    expect((await client.closed).code).toBe(CloseCode.SessionTimedOut);
  });

  it('closes a connection that never identifies with 4003', async () => {
    const client = await TestClient.connect(runtime.url);
    expect((await client.closed).code).toBe(CloseCode.NotAuthenticated);
  });

  describe('bad input closes only the offending connection, with its code', () => {
    const cases: [string, (client: TestClient) => void | Promise<void>, number][] = [
      ['invalid JSON', (client) => client.ws.send('{not json'), CloseCode.DecodeError],
      [
        'a payload of the wrong shape',
        (client) => client.send(Opcode.Identify, { token: 42 }),
        CloseCode.DecodeError,
      ],
      ['an unknown opcode', (client) => client.send(99, {}), CloseCode.UnknownOpcode],
      ['a binary frame', (client) => client.ws.send(Buffer.from([1, 2, 3])), CloseCode.DecodeError],
      [
        'a command before IDENTIFY',
        (client) => client.send(Opcode.PresenceUpdate, { status: 'idle' }),
        CloseCode.NotAuthenticated,
      ],
      [
        'IDENTIFY with a bad token',
        (client) => client.send(Opcode.Identify, { token: 'not.a.token' }),
        CloseCode.AuthenticationFailed,
      ],
      [
        'RESUME with a bad token',
        (client) => client.send(Opcode.Resume, { token: 'x', sessionId: 'y', seq: 0 }),
        CloseCode.AuthenticationFailed,
      ],
      [
        'an oversize frame',
        (client) => client.ws.send(JSON.stringify({ op: 1, d: { seq: 0, pad: 'x'.repeat(20_000) } })),
        CloseCode.MessageTooBig,
      ],
      [
        'a second IDENTIFY',
        async (client) => {
          await client.identify(bob);
          client.send(Opcode.Identify, { token: bob.accessToken });
        },
        CloseCode.AlreadyAuthenticated,
      ],
      [
        'a flood of commands',
        async (client) => {
          await client.identify(bob);
          for (let i = 0; i < 30; i++) client.send(Opcode.PresenceUpdate, { status: 'online' });
        },
        CloseCode.RateLimited,
      ],
    ];
    it.each(cases)('%s', async (_name, misbehave, code) => {
      const bystander = await TestClient.connect(runtime.url);
      await bystander.identify(alice);
      bystander.keepBeating(100);
      const offender = await TestClient.connect(runtime.url);
      await misbehave(offender);
      expect((await offender.closed).code).toBe(code);
      // The process stays healthy: the other client keeps receiving.
      await publish(runtime.url, { topic: LOBBY, t: 'AFTER_BAD_INPUT' });
      await bystander.dispatches('AFTER_BAD_INPUT', 1);
      bystander.destroy();
    });
  });
});
