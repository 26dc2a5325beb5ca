import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../../../test/harness/identity.ts';
import type { TestRuntime } from '../../../test/harness/test-runtime.ts';
import type { StoredEvent } from '../../kernel/events/event-types.ts';
import { rebuildProjection } from '../../kernel/runtime/rebuild-projection.ts';
import type { Projection } from '../../kernel/service-module.ts';
import { trackStream } from '../shared/audio-events.ts';
import { seedTrack, startStreamRuntime } from './stream-test-kit.ts';
import { TRACK_ACCESS_GROUP } from './track-access-projection.ts';

let runtime: TestRuntime;
let projection: Projection;

const rows = async () => {
  const db = runtime.database.kysely;
  const tracks = await sql`select * from stream.tracks order by track_id`.execute(db);
  const versions = await sql`select * from stream.track_versions order by track_id, version`.execute(db);
  const deleted = await sql`select * from stream.deleted_tracks order by track_id`.execute(db);
  return { tracks: tracks.rows, versions: versions.rows, deleted: deleted.rows };
};

const trackRow = async (trackId: string) =>
  (
    await sql<Record<string, unknown>>`select * from stream.tracks where track_id = ${trackId}`.execute(
      runtime.database.kysely,
    )
  ).rows[0];

/** Delivers one `tracks.*` event to the projection, as the bus would (in any order the test picks). */
async function deliver(trackId: string, version: number, type: string, data: Record<string, unknown>) {
  const event: StoredEvent = {
    eventId: randomUUID(),
    source: 'tracks',
    streamId: trackStream(trackId),
    version,
    position: null,
    type,
    data: { trackId, ...data },
    metadata: {},
    occurredAt: new Date(),
  };
  await runtime.hosted.get('stream')!.context.write({}, (tx) => projection.handle(event, tx));
}

beforeAll(async () => {
  runtime = await startStreamRuntime();
  projection = runtime.hosted
    .get('stream')!
    .projections.find((candidate) => candidate.group === TRACK_ACCESS_GROUP)!;
});
afterAll(() => runtime?.cleanup());

describe('the track access projection', () => {
  const ownerId = randomUUID();

  it('fails closed when a track becomes ready before its access is known', async () => {
    const trackId = randomUUID();
    await deliver(trackId, 5, 'TrackReady', { ownerId, version: 1, durationSeconds: 10 });
    expect(await trackRow(trackId)).toMatchObject({
      visibility: 'private',
      downloadable: false,
      ready_version: 1,
    });
    await deliver(trackId, 3, 'TrackAccessChanged', { ownerId, visibility: 'public', downloadable: true });
    expect(await trackRow(trackId)).toMatchObject({
      visibility: 'public',
      downloadable: true,
      ready_version: 1,
    });
  });

  it('ignores an older change delivered after a newer one', async () => {
    const trackId = randomUUID();
    await deliver(trackId, 4, 'TrackAccessChanged', { ownerId, visibility: 'private', downloadable: false });
    await deliver(trackId, 2, 'TrackAccessChanged', { ownerId, visibility: 'public', downloadable: true });
    await deliver(trackId, 9, 'TrackReady', { ownerId, version: 3, durationSeconds: 10 });
    await deliver(trackId, 6, 'TrackReady', { ownerId, version: 2, durationSeconds: 10 });
    expect(await trackRow(trackId)).toMatchObject({
      visibility: 'private',
      downloadable: false,
      ready_version: 3,
    });
  });

  it('keeps a deleted track deleted whatever arrives late', async () => {
    const trackId = randomUUID();
    await deliver(trackId, 1, 'TrackAccessChanged', { ownerId, visibility: 'public', downloadable: false });
    await deliver(trackId, 8, 'TrackDeleted', { ownerId, versions: [1] });
    await deliver(trackId, 2, 'TrackUploaded', {
      ownerId,
      version: 1,
      sourceKey: `tracks/${trackId}/v1/original`,
      sourceContentType: 'audio/flac',
      sourceFileName: 'a.flac',
      sourceBytes: 1,
      durationSeconds: 1,
    });
    await deliver(trackId, 3, 'TrackReady', { ownerId, version: 1, durationSeconds: 1 });
    expect(await trackRow(trackId)).toBeUndefined();
    const { versions } = await rows();
    expect(versions.filter((row) => (row as { track_id: string }).track_id === trackId)).toEqual([]);
  });

  it('is rebuilt by replay into the same rows as the live model', async () => {
    const kept = await seedTrack(runtime, { ownerId, visibility: 'unlisted', downloadable: true });
    const gone = await seedTrack(runtime, { ownerId, visibility: 'public', downloadable: false });
    await api(runtime, 'PUT', `/audio-fixture/tracks/${kept.trackId}/access`, {
      body: { ownerId, visibility: 'private', downloadable: false },
    });
    await api(runtime, 'DELETE', `/audio-fixture/tracks/${gone.trackId}`, { body: { ownerId } });
    await runtime.settle();
    // Only what the events say: the hand-delivered rows of the tests above have no events behind them.
    await sql`delete from stream.tracks where track_id not in (${kept.trackId}, ${gone.trackId})`.execute(
      runtime.database.kysely,
    );
    await sql`delete from stream.deleted_tracks where track_id not in (${kept.trackId}, ${gone.trackId})`.execute(
      runtime.database.kysely,
    );
    await sql`delete from stream.track_versions where track_id not in (${kept.trackId}, ${gone.trackId})`.execute(
      runtime.database.kysely,
    );
    const live = await rows();
    expect(live.tracks).toHaveLength(1);
    expect(live.tracks[0]).toMatchObject({ track_id: kept.trackId, visibility: 'private', ready_version: 1 });
    expect(live.deleted).toEqual([{ track_id: gone.trackId }]);

    const { replayed } = await rebuildProjection(runtime, TRACK_ACCESS_GROUP);
    expect(replayed).toBe(2 * 3 + 2); // per track: uploaded, access, ready; then one access change, one deletion
    expect(await rows()).toEqual(live);
  });
});
