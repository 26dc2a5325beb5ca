/**
 * The events the three audio services exchange (ARCHITECTURE §2: tracks, transcode, stream). Each service
 * appends only its own (source = service name) and reads the others' through consumers, never their tables.
 *
 * - tracks (stream `track-<id>`): what an artist did to a track.
 * - transcode (stream `transcode-<id>`): what became of one uploaded version's audio.
 * - stream (stream `plays-<trackId>`): listening.
 */
export const trackStream = (trackId: string) => `track-${trackId}`;
export const transcodeStream = (trackId: string) => `transcode-${trackId}`;
export const playStream = (trackId: string) => `plays-${trackId}`;

export type Visibility = 'public' | 'unlisted' | 'private';

export interface TrackEventData {
  /** A track exists (metadata only); its audio arrives with TrackUploaded in the same transaction. */
  TrackCreated: {
    trackId: string;
    ownerId: string;
    title: string;
    visibility: Visibility;
    downloadable: boolean;
  };
  /**
   * A version of the audio is in storage and waits for transcoding: the first upload is version 1, each
   * replacement the next number. `sourceKey` is the original as uploaded (kept for lossless downloads).
   */
  TrackUploaded: {
    trackId: string;
    ownerId: string;
    version: number;
    sourceKey: string;
    sourceContentType: string;
    sourceFileName: string;
    sourceBytes: number;
    /** From the probe at upload; the transcode reports the exact figure. */
    durationSeconds: number;
  };
  /** The owner or an admin asked for a failed version to be transcoded again. */
  TrackRetryRequested: { trackId: string; version: number; sourceKey: string };
  /** Metadata edits (title, description, genre, tags, credits, release date, license, artwork). */
  TrackUpdated: { trackId: string; changes: Record<string, unknown> };
  /** Who may play and download it changed (also appended once with TrackCreated's values at creation). */
  TrackAccessChanged: { trackId: string; ownerId: string; visibility: Visibility; downloadable: boolean };
  /** The unlisted share link was replaced: the old secret stops working. */
  TrackShareLinkReset: { trackId: string };
  /** The transcode result of `version` is now what plays. */
  TrackReady: { trackId: string; ownerId: string; version: number; durationSeconds: number };
  TrackFailed: { trackId: string; version: number; reason: string };
  /** Everything of the track goes: every version's renditions and originals, its artwork. */
  TrackDeleted: { trackId: string; ownerId: string; versions: number[] };
}

export interface LoudnessFigures {
  integratedLufs: number;
  truePeakDbtp: number | null;
  /** What a player adds to reach -14 LUFS (playbackGainDb). */
  gainDb: number;
}

export interface RenditionSummary {
  kbps: number;
  codecs: string;
  peakBitRate: number;
  averageBitRate: number;
  segments: number;
}

export interface TranscodeEventData {
  TranscodeStarted: { trackId: string; version: number; attempt: number };
  TranscodeSucceeded: {
    trackId: string;
    version: number;
    /** Everything below lives under `renditionPrefix(trackId, version)` (media-keys.ts). */
    durationSeconds: number;
    renditions: RenditionSummary[];
    loudness: LoudnessFigures;
    /**
     * Null when the analysis gave no answer, `bpm` null when there is no clear beat; `analysisNote` says
     * why. Never blocks publishing.
     */
    tempo: { bpm: number | null; key: string; keyStrength: number } | null;
    analysisNote: string | null;
  };
  /** `final`: no automatic attempt follows; the track is failed until someone asks for a retry. */
  TranscodeFailed: { trackId: string; version: number; attempt: number; reason: string; final: boolean };
}

export interface PlayEventData {
  /** A listener passed 30 s of one track; at most once per listener per track per 30 minutes. */
  TrackPlayed: {
    trackId: string;
    ownerId: string;
    /** The account, or null for a signed-out listener (then `listenerKey` is a keyed hash of IP and agent). */
    listenerId: string | null;
    listenerKey: string;
    listenedSeconds: number;
    playedAt: string;
  };
}
