import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOBBY } from '../../../test/fixtures/gateway-fixture-service.ts';
import { signUpVerified, type TestUser } from '../../../test/harness/identity.ts';
import type { TestRuntime } from '../../../test/harness/test-runtime.ts';
import { Opcode } from './gateway-protocol.ts';
import { publish, startGatewayRuntime, TestClient } from './gateway-test-kit.ts';
import { aggregatePresence } from './presence-store.ts';

let runtime: TestRuntime;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  runtime = await startGatewayRuntime();
  alice = await signUpVerified(runtime);
  bob = await signUpVerified(runtime);
});
afterAll(() => runtime?.cleanup());

describe('gateway presence and typing', () => {
  it('aggregates devices: do-not-disturb wins, then online, then idle; invisible reads offline', () => {
    expect(aggregatePresence(['idle', 'dnd', 'online'])).toBe('dnd');
    expect(aggregatePresence(['idle', 'online'])).toBe('online');
    expect(aggregatePresence(['idle', 'invisible'])).toBe('idle');
    expect(aggregatePresence(['invisible'])).toBe('offline');
    expect(aggregatePresence([])).toBe('offline');
  });

  it("shows one presence for a user on two devices, following each device's status and departure", async () => {
    const watcher = await TestClient.connect(runtime.url);
    await watcher.identify(bob);
    let from = watcher.frames.length;
    const seen = async (status: string) => {
      const update = await watcher.next(
        (frame) => frame.t === 'PRESENCE_UPDATE' && frame.d.userId === alice.id && frame.d.status === status,
        from,
      );
      from = watcher.frames.indexOf(update) + 1;
    };
    const phone = await TestClient.connect(runtime.url);
    await phone.identify(alice, 'idle');
    await seen('idle');
    const desktop = await TestClient.connect(runtime.url);
    await desktop.identify(alice);
    await seen('online');
    desktop.send(Opcode.PresenceUpdate, { status: 'dnd' });
    await seen('dnd');
    desktop.destroy();
    await seen('idle');
    phone.send(Opcode.PresenceUpdate, { status: 'invisible' });
    await seen('offline');
    phone.send(Opcode.PresenceUpdate, { status: 'online' });
    await seen('online');
    phone.destroy();
    await seen('offline');
    watcher.destroy();
  });

  it('sends typing to the readers of a channel, and ignores typing in a channel the user cannot read', async () => {
    // Bob may read #secret, Alice may not.
    const grant = await fetch(`${runtime.url}/api/v1/gateway-fixture/grant`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: bob.id, topic: 'channel:secret' }),
    });
    expect(grant.status).toBe(204);
    const reader = await TestClient.connect(runtime.url);
    await reader.identify(bob);
    const typist = await TestClient.connect(runtime.url);
    await typist.identify(alice);
    typist.send(Opcode.TypingStart, { channelId: 'secret' });
    typist.send(Opcode.TypingStart, { channelId: 'lobby' });
    const typing = await reader.next((frame) => frame.t === 'TYPING_START');
    expect(typing.d).toMatchObject({ channelId: 'lobby', userId: alice.id });
    await publish(runtime.url, { topic: LOBBY, t: 'MARKER' });
    await reader.dispatches('MARKER', 1);
    expect(reader.frames.filter((frame) => frame.t === 'TYPING_START')).toHaveLength(1);
    reader.destroy();
    typist.destroy();
  });
});
