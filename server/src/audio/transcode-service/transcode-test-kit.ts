import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { TRACK_FIXTURE_AREA } from '../../../test/fixtures/track-upload-fixture.ts';
import { readJson } from '../../../test/harness/read-json.ts';
import { eventually } from '../../../test/harness/veza-process.ts';
import type { TranscodeEvent } from './transcode-events.ts';

/** A transcode.* event as the fixture standing in for the tracks service heard it. */
export type HeardEvent = TranscodeEvent;

/** Drives the track upload fixture (server/test/fixtures/track-upload-fixture.ts) over HTTP. */
export function trackFixtureClient(baseUrl: string) {
  const area = `${baseUrl}/api/v1/${TRACK_FIXTURE_AREA}`;
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${area}/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  };
  const heard = async (trackId: string): Promise<HeardEvent[]> =>
    (await readJson(await fetch(`${area}/heard/${trackId}`))).events;
  return {
    /** Stores the local file as the version's original and appends tracks.TrackUploaded. */
    upload: (trackId: string, version: number, sourcePath: string) =>
      post('uploads', { trackId, version, sourcePath }),
    retry: (trackId: string, version: number) => post('retries', { trackId, version }),
    delete: (trackId: string, versions: number[]) => post('deletions', { trackId, versions }),
    heard,
    /** Waits until an event of the version satisfies `done`, and returns every event heard for the track. */
    waitFor: (trackId: string, done: (event: HeardEvent) => boolean, timeoutMs = 60_000) =>
      eventually(
        () => heard(trackId),
        (events) => events.some(done),
        timeoutMs,
      ),
  };
}

export const succeeded = (version: number) => (event: HeardEvent) =>
  event.type === 'TranscodeSucceeded' && event.data.version === version;

export const failedFinally = (version: number) => (event: HeardEvent) =>
  event.type === 'TranscodeFailed' && event.data.version === version && event.data.final;

/** The scratch folders of a process's transcode jobs (job-scratch.ts names them after the pid). */
export async function scratchFoldersOf(pid: number): Promise<string[]> {
  return (await readdir(tmpdir())).filter((name) => name.startsWith(`veza-transcode-job-${pid}-`));
}
