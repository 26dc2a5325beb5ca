import type { WriteTransaction } from '../../kernel/service-module.ts';
import { type TrackEventData, trackStream } from '../shared/audio-events.ts';
import type { TracksDb } from './track-tables.ts';

export type TrackEvent = {
  [K in keyof TrackEventData]: { type: K; data: TrackEventData[K] };
}[keyof TrackEventData];

/** Appends to the track's stream (any version: a track's events come from one writer at a time per row lock). */
export const appendTrackEvents = (tx: WriteTransaction<TracksDb>, trackId: string, ...events: TrackEvent[]) =>
  tx.append(trackStream(trackId), 'any', events);
