import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeededTrack } from '../../../test/fixtures/audio-fixture.ts';
import { api, signUpVerified, type TestUser } from '../../../test/harness/identity.ts';
import type { TestRuntime } from '../../../test/harness/test-runtime.ts';
import type { ServiceContext } from '../../kernel/service-module.ts';
import { type PlayEventData, playStream } from '../shared/audio-events.ts';
import { PlaySessions } from './play-sessions.ts';
import type { StreamDb } from './stream-tables.ts';
import { seedTrack, signToken, startStreamRuntime } from './stream-test-kit.ts';

let runtime: TestRuntime;
let owner: TestUser;
let listener: TestUser;
let open: SeededTrack;
let hidden: SeededTrack;

const played = async (trackId: string) =>
  (await runtime.hosted.get('stream')!.store.readStream(playStream(trackId))).map(
    (event) => event.data as PlayEventData['TrackPlayed'],
  );

/** The server's clock cannot be moved from outside: a session is made older instead. */
const age = (playId: string, seconds: number) =>
  sql`update stream.play_sessions set started_at = started_at - make_interval(secs => ${seconds}) where id = ${playId}`.execute(
    runtime.database.kysely,
  );

const start = (body: Record<string, unknown>, headers: Record<string, string> = {}, token?: string) =>
  api(runtime, 'POST', '/stream/plays', { body, headers, ...(token ? { token } : {}) });

const report = (playId: string, listenedSeconds: number, token?: string) =>
  api(runtime, 'POST', `/stream/plays/${playId}`, {
    body: { positionSeconds: listenedSeconds, listenedSeconds },
    ...(token ? { token } : {}),
  });

beforeAll(async () => {
  runtime = await startStreamRuntime();
  owner = await signUpVerified(runtime);
  listener = await signUpVerified(runtime);
  open = await seedTrack(runtime, { ownerId: owner.id, visibility: 'public', downloadable: false });
  hidden = await seedTrack(runtime, { ownerId: owner.id, visibility: 'private', downloadable: false });
});
afterAll(() => runtime?.cleanup());

describe('play sessions over HTTP', () => {
  it('counts a play once after 30 s, not on the player’s word alone, and appends TrackPlayed once', async () => {
    const agent = { 'user-agent': 'play-test/1' };
    const started = await start({ trackId: open.trackId }, agent);
    expect(started.status).toBe(201);
    const { playId } = started.body;
    // 30 s claimed a moment after the start: capped by the server's clock.
    expect((await report(playId, 30)).body).toEqual({ counted: false });
    expect(await played(open.trackId)).toEqual([]);

    await age(playId, 60);
    expect((await report(playId, 31)).body).toEqual({ counted: true });
    expect((await report(playId, 45)).body).toEqual({ counted: true });
    const events = await played(open.trackId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      trackId: open.trackId,
      ownerId: owner.id,
      listenerId: null,
      listenedSeconds: 31,
    });
    expect(events[0]!.listenerKey).toMatch(/^anon-[\w-]{32}$/);

    // The same signed-out listener (same address and agent) again within 30 minutes: not counted.
    const again = (await start({ trackId: open.trackId }, agent)).body.playId;
    await age(again, 60);
    expect((await report(again, 40)).body).toEqual({ counted: false });
    // Another agent on the same address is another listener.
    const other = (await start({ trackId: open.trackId }, { 'user-agent': 'play-test/2' })).body.playId;
    await age(other, 60);
    expect((await report(other, 40)).body).toEqual({ counted: true });
    expect(await played(open.trackId)).toHaveLength(2);
  });

  it('counts a signed-in listener as their account, and keeps their session theirs', async () => {
    const { playId } = (await start({ trackId: open.trackId }, {}, listener.accessToken)).body;
    await age(playId, 40);
    expect((await report(playId, 35, owner.accessToken)).status).toBe(404);
    // Signed out meanwhile (an expired access token): the report still counts for the account.
    expect((await report(playId, 35)).body).toEqual({ counted: true });
    const mine = (await played(open.trackId)).filter((event) => event.listenerId === listener.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.listenerKey).toBe(listener.id);
  });

  it('needs the token of a private track, or its owner', async () => {
    expect((await start({ trackId: hidden.trackId })).body.code).toBe('media_token_missing');
    expect((await start({ trackId: hidden.trackId }, {}, listener.accessToken)).body.code).toBe(
      'media_token_missing',
    );
    expect((await start({ trackId: hidden.trackId, token: open.token })).body.code).toBe(
      'media_token_invalid',
    );
    const expired = await signToken(runtime, hidden.trackId, new Date(Date.now() - 1000));
    expect((await start({ trackId: hidden.trackId, token: expired })).body.code).toBe('media_token_expired');
    expect((await start({ trackId: hidden.trackId, token: hidden.token })).status).toBe(201);
    expect((await start({ trackId: hidden.trackId }, {}, owner.accessToken)).status).toBe(201);
  });

  it('answers 404 for unknown tracks and sessions, and 400 for impossible figures', async () => {
    expect((await start({ trackId: '0190a000-0000-7000-8000-000000000000' })).status).toBe(404);
    expect((await report('0190a000-0000-7000-8000-000000000000', 10)).status).toBe(404);
    const { playId } = (await start({ trackId: open.trackId })).body;
    expect((await report(playId, -1)).status).toBe(400);
    expect(
      (await api(runtime, 'POST', `/stream/plays/${playId}`, { body: { listenedSeconds: 5 } })).status,
    ).toBe(400);
  });

  it('limits how many plays one listener starts', async () => {
    const agent = { 'user-agent': 'play-test/rate-limited' };
    const statuses: number[] = [];
    for (let index = 0; index < 61; index++)
      statuses.push((await start({ trackId: open.trackId }, agent)).status);
    expect(statuses.slice(0, 60).every((status) => status === 201)).toBe(true);
    expect(statuses[60]).toBe(429);
    // Another listener is not affected.
    expect((await start({ trackId: open.trackId }, { 'user-agent': 'play-test/other' })).status).toBe(201);
  });
});

describe('PlaySessions with a controlled clock', () => {
  let now: Date;
  let plays: PlaySessions;
  let track: SeededTrack;
  const t0 = new Date('2026-11-24T10:00:00Z');
  const at = (seconds: number) => {
    now = new Date(t0.getTime() + seconds * 1000);
  };
  const ann = { listenerId: null, listenerKey: 'anon-clock-test' };
  const progress = (playId: string, listenedSeconds: number) =>
    plays.report(playId, null, { positionSeconds: listenedSeconds, listenedSeconds }, {});

  beforeAll(async () => {
    track = await seedTrack(runtime, { ownerId: owner.id, visibility: 'public', downloadable: false });
    const context = runtime.hosted.get('stream')!.context as ServiceContext<StreamDb>;
    plays = new PlaySessions(context, () => now);
  });

  it('counts at 30 s of server time, once per 30 minutes from the counted moment', async () => {
    at(0);
    const first = await plays.start(track.trackId, owner.id, ann);
    at(27.9);
    expect(await progress(first, 30)).toEqual({ counted: false });
    at(28);
    expect(await progress(first, 30)).toEqual({ counted: true });
    const [event] = await played(track.trackId);
    expect(event).toMatchObject({ listenedSeconds: 30, playedAt: '2026-11-24T10:00:28.000Z' });

    at(600);
    const second = await plays.start(track.trackId, owner.id, ann);
    at(700);
    expect(await progress(second, 100)).toEqual({ counted: false });
    // Still listening when the window from the first count (10:00:28) closes: it counts then.
    at(28 + 1_800 - 1);
    expect(await progress(second, 1_000)).toEqual({ counted: false });
    at(28 + 1_800);
    expect(await progress(second, 1_000)).toEqual({ counted: true });
    expect(await played(track.trackId)).toHaveLength(2);
  });

  it('counts once when two sessions of one listener pass 30 s at the same moment', async () => {
    const both = { listenerId: null, listenerKey: 'anon-two-tabs' };
    at(10_000);
    const a = await plays.start(track.trackId, owner.id, both);
    const b = await plays.start(track.trackId, owner.id, both);
    at(10_040);
    const answers = await Promise.all([progress(a, 35), progress(b, 35)]);
    expect(answers.filter((answer) => answer?.counted)).toHaveLength(1);
    expect(
      (await played(track.trackId)).filter((event) => event.listenerKey === 'anon-two-tabs'),
    ).toHaveLength(1);
  });

  it('takes no reports after 12 hours, and the sweep removes old sessions and counts', async () => {
    at(20_000);
    const old = await plays.start(track.trackId, owner.id, { listenerId: null, listenerKey: 'anon-sleepy' });
    at(20_000 + 12 * 3600 + 1);
    expect(await progress(old, 40)).toBeNull();
    await plays.sweep();
    const db = runtime.database.kysely;
    const sessions = await sql<{
      n: number;
    }>`select count(*)::int as n from stream.play_sessions where id = ${old}`.execute(db);
    expect(sessions.rows[0]!.n).toBe(0);
    const counts = await sql<{
      n: number;
    }>`select count(*)::int as n from stream.counted_plays where listener_key = 'anon-clock-test'`.execute(
      db,
    );
    expect(counts.rows[0]!.n).toBe(0);
  });
});
