import type { ColumnType, Generated } from 'kysely';
import type { Visibility } from '../shared/audio-events.ts';

/** A jsonb column: read as parsed JSON, written as JSON text. */
type Json<T> = ColumnType<T, string, string>;

export type TrackState = 'uploaded' | 'processing' | 'ready' | 'failed';

export interface Credit {
  role: string;
  name: string;
}

/** The tracks service's tables (schema `tracks`). */
export interface TracksDb {
  tracks: {
    id: string;
    owner_id: string;
    title: string;
    description: string;
    genre: string;
    album: string;
    tags: Json<string[]>;
    credits: Json<Credit[]>;
    /** `YYYY-MM-DD` (a date column read as text). */
    release_date: string | null;
    license: string;
    visibility: Visibility;
    /** Random, URL-safe; only meaningful while unlisted. Reset by the owner. */
    share_secret: string;
    downloadable: boolean;
    state: TrackState;
    failure_reason: string | null;
    /** The newest uploaded version (what is transcoding or ready). */
    version: number;
    /** The version whose renditions play: lags `version` while a replacement transcodes. */
    ready_version: number | null;
    duration_seconds: number | null;
    integrated_lufs: number | null;
    true_peak_dbtp: number | null;
    gain_db: number | null;
    bpm: number | null;
    musical_key: string | null;
    analysis_note: string | null;
    artwork_version: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  /** Every uploaded version's original, kept until the version is superseded or the track deleted. */
  track_versions: {
    track_id: string;
    version: number;
    source_key: string;
    source_content_type: string;
    source_file_name: string;
    /** bigint: node-postgres reads it as a string. */
    source_bytes: ColumnType<string, number, number>;
    created_at: Generated<Date>;
  };
  /** Usernames of accounts (from auth events), so a track shows its owner without a call to auth. */
  artists: {
    user_id: string;
    username: string;
  };
  /** Finished tus uploads → the track each became, so a client that lost the last response can ask. */
  tus_uploads: {
    upload_id: string;
    owner_id: string;
    track_id: string;
    created_at: Generated<Date>;
  };
}
