import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOBBY } from '../../../test/fixtures/gateway-fixture-service.ts';
import { signUpVerified, type TestUser } from '../../../test/harness/identity.ts';
import type { TestRuntime } from '../../../test/harness/test-runtime.ts';
import { Opcode } from './gateway-protocol.ts';
import { hubOf, publish, startGatewayRuntime, TestClient } from './gateway-test-kit.ts';

let runtime: TestRuntime;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  runtime = await startGatewayRuntime({
    softBufferBytes: 64 * 1024,
    hardBufferBytes: 1024 * 1024,
    closeTimeoutMs: 200,
  });
  alice = await signUpVerified(runtime);
  bob = await signUpVerified(runtime);
});
afterAll(() => runtime?.cleanup());

const socketOf = (client: TestClient) => (client.ws as unknown as { _socket: Socket })._socket;

describe('gateway flow control', () => {
  it('drops typing first for a client that stops reading, then disconnects it (4010); it resumes without losing a message', async () => {
    const slow = await TestClient.connect(runtime.url);
    const ready = await slow.identify(alice);
    socketOf(slow).pause();
    const hub = hubOf(runtime);
    const before = { ...hub.stats };
    let messages = 0;
    let typings = 0;
    while (hub.stats.tooSlow === before.tooSlow && messages < 400) {
      await publish(runtime.url, { topic: LOBBY, t: 'MESSAGE_CREATE', padding: 48 * 1024 });
      messages++;
      await publish(runtime.url, { topic: LOBBY, t: 'TYPING_START', ephemeral: true });
      typings++;
    }
    expect(hub.stats.tooSlow).toBe(before.tooSlow + 1);
    expect(hub.stats.droppedEphemeral).toBeGreaterThan(before.droppedEphemeral);
    socketOf(slow).resume();
    await slow.closed;

    const resumed = await TestClient.connect(runtime.url);
    resumed.send(Opcode.Resume, {
      token: alice.accessToken,
      sessionId: ready.d.sessionId,
      seq: slow.lastSeq,
    });
    await resumed.next((frame) => frame.t === 'RESUMED');
    const all = [...slow.frames, ...resumed.frames];
    const received = all.filter((frame) => frame.t === 'MESSAGE_CREATE').map((frame) => frame.s!);
    // Every message reached the client exactly once, in order, across the disconnection.
    expect(received).toHaveLength(messages);
    expect(received.every((s, index) => index === 0 || s > received[index - 1]!)).toBe(true);
    // Typing was sacrificed instead.
    expect(all.filter((frame) => frame.t === 'TYPING_START').length).toBeLessThan(typings);
    resumed.destroy();
  });

  it('keeps serving a fast client while another one is too slow', async () => {
    const fast = await TestClient.connect(runtime.url);
    await fast.identify(bob);
    await publish(runtime.url, { topic: LOBBY, t: 'AFTER_SLOW' });
    await fast.dispatches('AFTER_SLOW', 1);
    expect(fast.ws.readyState).toBe(fast.ws.OPEN);
    fast.destroy();
  });
});
