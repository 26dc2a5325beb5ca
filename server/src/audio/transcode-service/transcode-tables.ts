import type { ColumnType, Generated } from 'kysely';
import type { EventMetadata } from '../../kernel/events/event-types.ts';

/** A jsonb column: read as parsed JSON, written as JSON text. */
type Json<T> = ColumnType<T, string, string>;

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** The transcode service's tables (schema `transcode`). */
export interface TranscodeDb {
  /** One row per uploaded version of a track: the work of turning its original into renditions. */
  jobs: {
    id: string;
    track_id: string;
    version: number;
    /** The original's object key (tracks.TrackUploaded `sourceKey`). */
    source_key: string;
    state: JobState;
    /** Attempts started so far; reset by a retry request. */
    attempts: number;
    /** A queued job is not claimed before this (the back-off after a failed attempt). */
    not_before: Generated<Date>;
    /** Which worker holds a running job, and until when: past it, any worker may claim the job again. */
    lease_owner: string | null;
    lease_until: Date | null;
    last_error: string | null;
    /** The metadata of the event that queued the job, so transcode events continue its correlation. */
    origin: Json<EventMetadata>;
    /** Set once the version's renditions have been removed (a newer version is ready, or the track is gone). */
    renditions_removed_at: Date | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    finished_at: Date | null;
  };
}
