import type { MediaUrlSigner } from '../shared/media-url-signature.ts';
import { STREAM_FILES, streamFileUrl } from '../shared/stream-urls.ts';
import { ARTWORK_SIZES, artworkPath } from './track-artwork.ts';
import type { License, Track } from './track-schemas.ts';
import type { TrackRow } from './track-store.ts';

export interface ViewContext {
  signer: MediaUrlSigner;
  /** VEZA_CDN_BASE_URL or ''. */
  cdnBase: string;
  mediaUrlTtlSeconds: number;
  now?: Date;
}

export interface Viewer {
  /** The owner (or a moderator): sees the share link and may always download. */
  manages: boolean;
}

export const sharePathOf = (secret: string) => `/t/s/${secret}`;

/**
 * A track as the API shows it. Playback URLs of a private or unlisted track carry a token bound to it that
 * expires after VEZA_MEDIA_URL_TTL_SECONDS; whoever may read the track JSON gets one, nobody else.
 */
export function trackView(row: TrackRow, viewer: Viewer, context: ViewContext): Track {
  const now = context.now ?? new Date();
  let playback: Track['playback'] = null;
  if (row.ready_version !== null) {
    const signed = row.visibility !== 'public';
    const expiresAt = signed ? new Date(now.getTime() + context.mediaUrlTtlSeconds * 1000) : null;
    const token = expiresAt ? context.signer.sign(row.id, expiresAt) : undefined;
    const url = (file: string) =>
      streamFileUrl(context.cdnBase, row.id, row.ready_version as number, file, token);
    const downloads = row.downloadable || viewer.manages;
    playback = {
      version: row.ready_version,
      hls: url(STREAM_FILES.hls),
      dash: url(STREAM_FILES.dash),
      waveform: url(STREAM_FILES.waveform),
      mp3: downloads ? url(STREAM_FILES.mp3) : null,
      original: downloads ? url(STREAM_FILES.original) : null,
      expiresAt: expiresAt?.toISOString() ?? null,
    };
  }
  const artwork = row.artwork_version;
  return {
    id: row.id,
    owner: { id: row.owner_id, username: row.username },
    title: row.title,
    description: row.description,
    genre: row.genre,
    album: row.album,
    tags: row.tags,
    credits: row.credits,
    releaseDate: row.release_date,
    license: row.license as License,
    visibility: row.visibility,
    downloadable: row.downloadable,
    state: row.state,
    failureReason: row.failure_reason,
    version: row.version,
    durationSeconds: row.duration_seconds,
    bpm: row.bpm,
    key: row.musical_key,
    loudness:
      row.integrated_lufs === null || row.gain_db === null
        ? null
        : { integratedLufs: row.integrated_lufs, truePeakDbtp: row.true_peak_dbtp, gainDb: row.gain_db },
    artwork: artwork
      ? (Object.fromEntries(
          ARTWORK_SIZES.map(([size]) => [size, artworkPath(row.id, artwork, size)]),
        ) as NonNullable<Track['artwork']>)
      : null,
    sharePath: viewer.manages && row.visibility === 'unlisted' ? sharePathOf(row.share_secret) : null,
    playback,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
