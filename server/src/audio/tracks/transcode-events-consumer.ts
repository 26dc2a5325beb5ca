import type { Consumer, ServiceContext, WriteTransaction } from '../../kernel/service-module.ts';
import type { TranscodeEventData } from '../shared/audio-events.ts';
import { appendTrackEvents } from './track-events.ts';
import type { TracksDb } from './track-tables.ts';

/**
 * Reflects the transcode service's progress in the track's state: uploaded → processing → ready | failed.
 * Only events about the track's newest version count: a replaced version's late result is ignored. When a
 * replacement becomes ready, the older versions' originals go (the transcode service removes their renditions).
 */
export function transcodeEventsConsumer(ctx: ServiceContext<TracksDb>): Consumer {
  return {
    group: 'tracks.transcode',
    events: ['transcode.TranscodeStarted', 'transcode.TranscodeSucceeded', 'transcode.TranscodeFailed'],
    async handle(event, tx: WriteTransaction<TracksDb>) {
      const { trackId, version } = event.data as { trackId: string; version: number };
      const track = await tx.db
        .selectFrom('tracks')
        .select(['owner_id', 'version', 'state'])
        .where('id', '=', trackId)
        .forUpdate()
        .executeTakeFirst();
      if (!track || track.version !== version) return;
      const current = tx.db.updateTable('tracks').where('id', '=', trackId).where('version', '=', version);
      switch (event.type) {
        case 'TranscodeStarted':
          if (track.state === 'uploaded' || track.state === 'failed')
            await current
              .set({ state: 'processing', failure_reason: null, updated_at: new Date() })
              .execute();
          return;
        case 'TranscodeFailed': {
          const failure = event.data as TranscodeEventData['TranscodeFailed'];
          if (!failure.final) return;
          await current
            .set({ state: 'failed', failure_reason: failure.reason, updated_at: new Date() })
            .execute();
          await appendTrackEvents(tx, trackId, {
            type: 'TrackFailed',
            data: { trackId, version, reason: failure.reason },
          });
          return;
        }
        case 'TranscodeSucceeded': {
          const result = event.data as TranscodeEventData['TranscodeSucceeded'];
          await current
            .set({
              state: 'ready',
              failure_reason: null,
              ready_version: version,
              duration_seconds: result.durationSeconds,
              integrated_lufs: result.loudness.integratedLufs,
              true_peak_dbtp: result.loudness.truePeakDbtp,
              gain_db: result.loudness.gainDb,
              bpm: result.tempo?.bpm ?? null,
              musical_key: result.tempo?.key ?? null,
              analysis_note: result.analysisNote,
              updated_at: new Date(),
            })
            .execute();
          await appendTrackEvents(tx, trackId, {
            type: 'TrackReady',
            data: { trackId, ownerId: track.owner_id, version, durationSeconds: result.durationSeconds },
          });
          const superseded = await tx.db
            .deleteFrom('track_versions')
            .where('track_id', '=', trackId)
            .where('version', '<', version)
            .returning('source_key')
            .execute();
          for (const { source_key } of superseded) await ctx.storage.delete(source_key);
          return;
        }
      }
    },
  };
}
