import type { EventMetadata } from '../../kernel/events/event-types.ts';
import type { WriteTransaction } from '../../kernel/service-module.ts';
import { type TranscodeEventData, transcodeStream } from '../shared/audio-events.ts';
import type { TranscodeDb } from './transcode-tables.ts';

export type TranscodeEvent = {
  [K in keyof TranscodeEventData]: { type: K; data: TranscodeEventData[K] };
}[keyof TranscodeEventData];

/** Appends to the track's transcode stream; a job's row lock orders its own events. */
export const appendTranscodeEvents = (
  tx: WriteTransaction<TranscodeDb>,
  trackId: string,
  ...events: TranscodeEvent[]
) => tx.append(transcodeStream(trackId), 'any', events);

/**
 * What the worker's transactions carry: the metadata of the event that queued the job (its actor,
 * correlation id and trace), with that event as the cause, so a transcode reads as part of the upload.
 */
export function jobMetadata(origin: EventMetadata): EventMetadata {
  return {
    actor: origin.actor ?? null,
    ...(origin.correlationId ? { correlationId: origin.correlationId } : {}),
    ...(origin.causationId ? { causationId: origin.causationId } : {}),
    ...(origin.traceparent ? { traceparent: origin.traceparent } : {}),
  };
}
