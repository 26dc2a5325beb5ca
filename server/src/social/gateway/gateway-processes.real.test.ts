import { expect, it } from 'vitest';
import { LOBBY } from '../../../test/fixtures/gateway-fixture-service.ts';
import { PASSWORD } from '../../../test/harness/identity.ts';
import { eventually, type VezaProcess } from '../../../test/harness/veza-process.ts';
import { useVezaProcesses } from '../../../test/harness/veza-processes.ts';
import { TRACK_ACCESS_GROUP } from '../../audio/stream/track-access-projection.ts';
import { Opcode } from './gateway-protocol.ts';
import { type Frame, publish, TestClient } from './gateway-test-kit.ts';

/**
 * Acceptance 3 of issue 5 at the protocol level: two `veza` processes on one Redis serve the gateway; their
 * clients see each other's dispatches, typing and presence; process A is killed (SIGKILL) in the middle of
 * a burst and its client resumes on B without a gap or a repeat (sessions and topic logs live in Redis).
 */
const processes = useVezaProcesses([
  'chat.accounts',
  'messages.accounts',
  'messages.chat',
  'profiles.accounts',
  'tally.count-notes',
  'tally.note-titles',
  'tracks.accounts',
  'tracks.transcode',
  'transcode.uploads',
  TRACK_ACCESS_GROUP,
]);

const startVeza = () => processes.start(['start'], { env: { LOG_LEVEL: 'info' } });

async function call(veza: VezaProcess, path: string, body: unknown) {
  const response = await fetch(`${veza.url}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: whatever the endpoint answers
  return { status: response.status, body: (await response.json().catch(() => null)) as any };
}

/** Signs up and verifies through the link the log mailer printed (no SMTP here). */
async function signedIn(veza: VezaProcess, username: string) {
  const email = `${username}@example.test`;
  expect((await call(veza, '/auth/sign-up', { email, username, password: PASSWORD })).status).toBe(202);
  const output = await eventually(
    async () => veza.output(),
    (text) => text.includes(email) && /[?&]token=[\w-]+/.test(text.slice(text.indexOf(email))),
  );
  const token = /[?&]token=([\w-]+)/.exec(output.slice(output.indexOf(email)))?.[1];
  expect((await call(veza, '/auth/verify-email', { token })).status).toBe(200);
  const signIn = await call(veza, '/auth/sign-in', { login: email, password: PASSWORD });
  const me = await fetch(`${veza.url}/api/v1/users/me`, {
    headers: { authorization: `Bearer ${signIn.body.accessToken}` },
  });
  const { id } = (await me.json()) as { id: string };
  return { id, accessToken: signIn.body.accessToken as string };
}

const named = (frames: Frame[], t: string) => frames.filter((frame) => frame.t === t);

it('two processes share dispatches, typing and presence, and a client of a killed process resumes on the other without a gap', async () => {
  const a = await startVeza();
  const b = await startVeza();
  const alice = await signedIn(a, 'gw_alice');
  const bob = await signedIn(a, 'gw_bob');

  const onA = await TestClient.connect(a.url);
  const aliceReady = await onA.identify(alice);
  const onB = await TestClient.connect(b.url);
  await onB.identify(bob);

  // Dispatches published through either process reach both clients.
  await publish(a.url, { topic: LOBBY, t: 'FROM_A' });
  await publish(b.url, { topic: LOBBY, t: 'FROM_B' });
  for (const client of [onA, onB]) {
    await client.dispatches('FROM_A', 1);
    await client.dispatches('FROM_B', 1);
  }
  // Presence and typing cross processes.
  await onA.next(
    (frame) => frame.t === 'PRESENCE_UPDATE' && frame.d.userId === bob.id && frame.d.status === 'online',
  );
  onA.send(Opcode.PresenceUpdate, { status: 'dnd' });
  await onB.next(
    (frame) => frame.t === 'PRESENCE_UPDATE' && frame.d.userId === alice.id && frame.d.status === 'dnd',
  );
  onA.send(Opcode.TypingStart, { channelId: 'lobby' });
  await onB.next((frame) => frame.t === 'TYPING_START' && frame.d.userId === alice.id);

  // A dies in the middle of a burst published through B.
  const burst = publish(b.url, { topic: LOBBY, t: 'MESSAGE_CREATE', count: 300 });
  await onA.dispatches('MESSAGE_CREATE', 20);
  await a.kill();
  await onA.closed;
  await burst;
  // And some certainly while no process held the session.
  await publish(b.url, { topic: LOBBY, t: 'WHILE_AWAY', count: 100 });

  const resumed = await TestClient.connect(b.url);
  resumed.send(Opcode.Resume, {
    token: alice.accessToken,
    sessionId: aliceReady.d.sessionId,
    seq: onA.lastSeq,
  });
  await resumed.next((frame) => frame.t === 'RESUMED');
  const all = [...named(onA.frames, 'MESSAGE_CREATE'), ...named(resumed.frames, 'MESSAGE_CREATE')];
  expect(all.map((frame) => frame.d.i)).toEqual([...Array(300).keys()]);
  const seqs = all.map((frame) => frame.s!);
  expect(seqs.every((s, index) => index === 0 || s > seqs[index - 1]!)).toBe(true);
  expect(named(resumed.frames, 'WHILE_AWAY').map((frame) => frame.d.i)).toEqual([...Array(100).keys()]);
  expect(named(onB.frames, 'MESSAGE_CREATE').map((frame) => frame.d.i)).toEqual([...Array(300).keys()]);

  // And the resumed client is live on B.
  await publish(b.url, { topic: LOBBY, t: 'AFTER_RESUME' });
  await resumed.dispatches('AFTER_RESUME', 1);
  resumed.destroy();
  onB.destroy();
});
