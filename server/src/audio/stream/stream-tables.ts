import type { Generated } from 'kysely';
import type { Visibility } from '../shared/audio-events.ts';

/**
 * The stream service's tables (schema `stream`). `tracks`, `track_versions` and `deleted_tracks` are a read
 * model of the tracks service's events (track-access-projection.ts), rebuilt by replay; play sessions and
 * counted plays are the service's own state.
 */
export interface StreamDb {
  /** Who may play and download a track, and which version plays. */
  tracks: {
    track_id: string;
    owner_id: string;
    visibility: Visibility;
    downloadable: boolean;
    /** Stream version of the TrackAccessChanged applied (0: none yet), so a late redelivery cannot undo a newer one. */
    access_event_version: number;
    /** The version whose renditions are served; null until one is ready. */
    ready_version: number | null;
    ready_event_version: number;
  };
  /** Each uploaded version's original, for the `original` download. */
  track_versions: {
    track_id: string;
    version: number;
    source_key: string;
    source_content_type: string;
    source_file_name: string;
  };
  /** Deleted tracks, so an event delivered after TrackDeleted cannot bring the track back. */
  deleted_tracks: { track_id: string };
  play_sessions: {
    id: string;
    track_id: string;
    owner_id: string;
    /** The signed-in listener, or null. */
    listener_id: string | null;
    /** The account id, or a keyed hash of IP and user agent (listener-key.ts). */
    listener_key: string;
    /** Server clock: what the listened time reported is capped by. */
    started_at: Date;
    listened_seconds: number;
    position_seconds: number;
    counted: boolean;
    updated_at: Generated<Date>;
  };
  /** The last counted play per listener and track: a play counts once per 30 minutes. */
  counted_plays: {
    listener_key: string;
    track_id: string;
    counted_at: Date;
  };
}
