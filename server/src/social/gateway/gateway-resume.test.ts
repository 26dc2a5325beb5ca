import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOBBY } from '../../../test/fixtures/gateway-fixture-service.ts';
import { signUpVerified, type TestUser } from '../../../test/harness/identity.ts';
import type { TestRuntime } from '../../../test/harness/test-runtime.ts';
import { CloseCode, Opcode } from './gateway-protocol.ts';
import { type Frame, publish, startGatewayRuntime, TestClient } from './gateway-test-kit.ts';

let runtime: TestRuntime;
let shortLived: TestRuntime;
let alice: TestUser;
let bob: TestUser;
let carol: TestUser;

beforeAll(async () => {
  runtime = await startGatewayRuntime();
  // Sessions here are forgotten half a second after their last sign of life, and keep 10 dispatches.
  shortLived = await startGatewayRuntime({ retentionMs: 500, sessionDispatches: 10 });
  alice = await signUpVerified(runtime);
  bob = await signUpVerified(runtime);
  carol = await signUpVerified(shortLived);
});
afterAll(async () => {
  await runtime?.cleanup();
  await shortLived?.cleanup();
});

const messages = (frames: Frame[]) => frames.filter((frame) => frame.t === 'MESSAGE_CREATE');
/**
 * Every dispatch that takes a sequence number (READY and RESUMED do not): presence dispatches of users in
 * other tests can come between the messages, so numbering is checked over all of them.
 */
const numbered = (frames: Frame[]) =>
  frames.filter((frame) => frame.op === 0 && frame.t !== 'READY' && frame.t !== 'RESUMED');
const consecutive = (seqs: number[]) => seqs.every((s, index) => index === 0 || s === seqs[index - 1]! + 1);

async function resume(url: string, user: TestUser, sessionId: string, seq: number) {
  const client = await TestClient.connect(url);
  client.send(Opcode.Resume, { token: user.accessToken, sessionId, seq });
  const answer = await client.next((frame) => frame.t === 'RESUMED' || frame.op === Opcode.InvalidSession);
  return { client, answer };
}

describe('gateway resume', () => {
  it('replays exactly the 500 dispatches published while a client was cut off, in order, once each', async () => {
    const client = await TestClient.connect(runtime.url);
    const ready = await client.identify(alice);
    await publish(runtime.url, { topic: LOBBY, t: 'MESSAGE_CREATE', count: 3 });
    await client.dispatches('MESSAGE_CREATE', 3);
    const seq = client.lastSeq;
    client.destroy();

    await publish(runtime.url, { topic: LOBBY, t: 'MESSAGE_CREATE', count: 500 });
    const { client: resumed, answer } = await resume(runtime.url, alice, ready.d.sessionId, seq);
    expect(answer.t).toBe('RESUMED');
    const replayed = messages(resumed.frames);
    expect(replayed).toHaveLength(500);
    expect(replayed.map((frame) => frame.d.i)).toEqual([...Array(500).keys()]);
    const replaySeqs = numbered(resumed.frames).map((frame) => frame.s!);
    expect(replaySeqs[0]).toBe(seq + 1);
    expect(consecutive(replaySeqs)).toBe(true);
    expect(answer.s).toBeGreaterThanOrEqual(seq + 500);

    // Live again afterwards, numbered on from the replay (presence dispatches may come in between).
    await publish(runtime.url, { topic: LOBBY, t: 'MESSAGE_CREATE' });
    const [live] = (await resumed.dispatches('MESSAGE_CREATE', 501)).slice(500);
    expect(live!.s).toBeGreaterThan(seq + 500);
    resumed.destroy();
  });

  it('loses nothing and repeats nothing when the cut happens in the middle of a burst', async () => {
    const client = await TestClient.connect(runtime.url);
    const ready = await client.identify(bob);
    const burst = publish(runtime.url, { topic: LOBBY, t: 'MESSAGE_CREATE', count: 300 });
    await client.dispatches('MESSAGE_CREATE', 20);
    client.destroy();
    const before = messages(client.frames);
    await burst;
    const { client: resumed } = await resume(runtime.url, bob, ready.d.sessionId, client.lastSeq);
    const all = [...before, ...messages(resumed.frames)];
    expect(all.map((frame) => frame.d.i)).toEqual([...Array(300).keys()]);
    const seqs = [...numbered(client.frames), ...numbered(resumed.frames)].map((frame) => frame.s!);
    expect(consecutive(seqs)).toBe(true);
    resumed.destroy();
  });

  it('closes the replaced connection with 4011 when a session is resumed while it is still open', async () => {
    const first = await TestClient.connect(runtime.url);
    const ready = await first.identify(alice);
    const { client: second, answer } = await resume(runtime.url, alice, ready.d.sessionId, 0);
    expect(answer.t).toBe('RESUMED');
    expect((await first.closed).code).toBe(CloseCode.SessionReplaced);
    await publish(runtime.url, { topic: LOBBY, t: 'AFTER_REPLACE' });
    await second.dispatches('AFTER_REPLACE', 1);
    second.destroy();
  });

  it("answers INVALID_SESSION for another user's session, and the connection may IDENTIFY then", async () => {
    const owner = await TestClient.connect(runtime.url);
    const ready = await owner.identify(alice);
    const { client, answer } = await resume(runtime.url, bob, ready.d.sessionId, 0);
    expect(answer).toEqual({ op: Opcode.InvalidSession, d: false });
    await client.identify(bob);
    owner.destroy();
    client.destroy();
  });

  it('answers INVALID_SESSION once the retention window has passed', async () => {
    const client = await TestClient.connect(shortLived.url);
    const ready = await client.identify(carol);
    client.destroy();
    await client.closed;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const { client: late, answer } = await resume(shortLived.url, carol, ready.d.sessionId, 0);
    expect(answer.op).toBe(Opcode.InvalidSession);
    late.destroy();
  });

  it('answers INVALID_SESSION when the dispatches after the given seq are no longer kept', async () => {
    const client = await TestClient.connect(shortLived.url);
    client.keepBeating(100);
    const ready = await client.identify(carol);
    await publish(shortLived.url, { topic: LOBBY, t: 'MESSAGE_CREATE', count: 30 });
    await client.dispatches('MESSAGE_CREATE', 30);
    client.destroy();
    const { client: late, answer } = await resume(shortLived.url, carol, ready.d.sessionId, 5);
    expect(answer.op).toBe(Opcode.InvalidSession);
    late.destroy();
  });
});
