import { ProblemError } from '../../../kernel/errors/problem-error.ts';
import type { EventMetadata } from '../../../kernel/events/event-types.ts';
import type { ServiceContext } from '../../../kernel/service-module.ts';
import { originalKey } from '../../shared/media-keys.ts';
import { appendTrackEvents } from '../track-events.ts';
import type { TracksDb } from '../track-tables.ts';
import type { TracksState } from '../tracks-state.ts';
import { acceptAudio } from './accept-audio.ts';
import { storeOriginal } from './store-original.ts';
import type { UploadedFile } from './uploaded-file.ts';

/**
 * A new version of a track's audio. The current version keeps playing until the new one is ready (the
 * transcode consumer then removes the old original; the transcode service the old renditions). Versions
 * are numbered under the row lock, so two replacements at once get distinct numbers.
 */
export async function replaceTrackAudio(
  ctx: ServiceContext<TracksDb>,
  state: TracksState,
  metadata: EventMetadata,
  track: { id: string; ownerId: string },
  file: UploadedFile,
): Promise<void> {
  let storedKey: string | null = null;
  try {
    const { audio } = await acceptAudio(state, ctx.config, file.path);
    // The next number is reserved by reading the newest version first; the transaction below re-checks it.
    const { version: current } = await ctx.db
      .selectFrom('tracks')
      .select('version')
      .where('id', '=', track.id)
      .executeTakeFirstOrThrow();
    const version = current + 1;
    storedKey = originalKey(track.id, version);
    await storeOriginal(ctx.storage, track.id, version, file);
    await ctx.write(metadata, async (tx) => {
      const updated = await tx.db
        .updateTable('tracks')
        .set({ version, state: 'uploaded', failure_reason: null, updated_at: new Date() })
        .where('id', '=', track.id)
        .where('version', '=', current)
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n)
        throw new ProblemError(
          409,
          'track_changed',
          'Track changed',
          'Another replacement won the race; try again',
        );
      await tx.db
        .insertInto('track_versions')
        .values({
          track_id: track.id,
          version,
          source_key: storedKey as string,
          source_content_type: file.contentType,
          source_file_name: file.fileName,
          source_bytes: file.bytes,
        })
        .execute();
      await appendTrackEvents(tx, track.id, {
        type: 'TrackUploaded',
        data: {
          trackId: track.id,
          ownerId: track.ownerId,
          version,
          sourceKey: storedKey as string,
          sourceContentType: file.contentType,
          sourceFileName: file.fileName,
          sourceBytes: file.bytes,
          durationSeconds: audio.durationSeconds,
        },
      });
    });
  } catch (error) {
    if (storedKey) await ctx.storage.delete(storedKey);
    throw error;
  } finally {
    await file.discard();
  }
}
