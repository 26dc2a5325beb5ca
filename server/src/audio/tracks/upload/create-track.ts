import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { EventMetadata } from '../../../kernel/events/event-types.ts';
import { renderImage } from '../../../kernel/images/image-renditions.ts';
import type { ServiceContext, WriteTransaction } from '../../../kernel/service-module.ts';
import { trackPrefix } from '../../shared/media-keys.ts';
import { storeArtwork } from '../artwork-store.ts';
import { ARTWORK_SIZES } from '../track-artwork.ts';
import { appendTrackEvents } from '../track-events.ts';
import type { TrackChanges } from '../track-schemas.ts';
import type { TracksDb } from '../track-tables.ts';
import type { TracksState } from '../tracks-state.ts';
import { acceptAudio } from './accept-audio.ts';
import { storeOriginal } from './store-original.ts';
import type { TagPrefill } from './tag-prefill.ts';
import { titleFromFileName, type UploadedFile } from './uploaded-file.ts';

/** Embedded cover art becomes the artwork when it decodes; a broken picture never fails the upload. */
async function artworkFromTags(ctx: ServiceContext<TracksDb>, trackId: string, tags: TagPrefill) {
  if (!tags.picture) return null;
  try {
    return await storeArtwork(ctx.storage, trackId, await renderImage(ARTWORK_SIZES, tags.picture.data));
  } catch {
    return null;
  }
}

/**
 * A new track from an upload: probe (refusals throw their problem), store the original (and embedded
 * artwork), then the row and its events in one transaction. The form's fields win over the file's tags.
 * If anything fails after storage was written, the track's objects are removed again: a refused or failed
 * upload leaves nothing behind. The temporary file is always discarded.
 */
export async function createTrackFromUpload(
  ctx: ServiceContext<TracksDb>,
  state: TracksState,
  metadata: EventMetadata,
  ownerId: string,
  file: UploadedFile,
  fields: TrackChanges | Record<string, never>,
  /** Runs inside the creating transaction (the tus route records which upload became which track). */
  alsoInTransaction?: (tx: WriteTransaction<TracksDb>, trackId: string) => Promise<void>,
): Promise<string> {
  const trackId = uuidv7();
  let stored = false;
  try {
    const { audio, tags } = await acceptAudio(state, ctx.config, file.path);
    stored = true;
    const sourceKey = await storeOriginal(ctx.storage, trackId, 1, file);
    const artworkVersion = await artworkFromTags(ctx, trackId, tags);
    const title = fields.title ?? tags.title ?? titleFromFileName(file.fileName);
    const visibility = fields.visibility ?? 'public';
    const downloadable = fields.downloadable ?? false;
    await ctx.write(metadata, async (tx) => {
      await tx.db
        .insertInto('tracks')
        .values({
          id: trackId,
          owner_id: ownerId,
          title,
          description: fields.description ?? '',
          genre: fields.genre ?? tags.genre ?? '',
          album: fields.album ?? tags.album ?? '',
          tags: JSON.stringify(fields.tags ?? []),
          credits: JSON.stringify(
            fields.credits ?? (tags.artist ? [{ role: 'Artist', name: tags.artist }] : []),
          ),
          release_date: fields.releaseDate ?? tags.releaseDate ?? null,
          license: fields.license ?? 'all-rights-reserved',
          visibility,
          share_secret: randomBytes(18).toString('base64url'),
          downloadable,
          state: 'uploaded',
          failure_reason: null,
          version: 1,
          ready_version: null,
          duration_seconds: null,
          integrated_lufs: null,
          true_peak_dbtp: null,
          gain_db: null,
          bpm: null,
          musical_key: null,
          analysis_note: null,
          artwork_version: artworkVersion,
        })
        .execute();
      await tx.db
        .insertInto('track_versions')
        .values({
          track_id: trackId,
          version: 1,
          source_key: sourceKey,
          source_content_type: file.contentType,
          source_file_name: file.fileName,
          source_bytes: file.bytes,
        })
        .execute();
      await appendTrackEvents(
        tx,
        trackId,
        { type: 'TrackCreated', data: { trackId, ownerId, title, visibility, downloadable } },
        { type: 'TrackAccessChanged', data: { trackId, ownerId, visibility, downloadable } },
        {
          type: 'TrackUploaded',
          data: {
            trackId,
            ownerId,
            version: 1,
            sourceKey,
            sourceContentType: file.contentType,
            sourceFileName: file.fileName,
            sourceBytes: file.bytes,
            durationSeconds: audio.durationSeconds,
          },
        },
      );
      await alsoInTransaction?.(tx, trackId);
    });
    return trackId;
  } catch (error) {
    if (stored) await ctx.storage.deletePrefix(trackPrefix(trackId));
    throw error;
  } finally {
    await file.discard();
  }
}
