import type { Consumer, ServiceContext, WriteTransaction } from '../../kernel/service-module.ts';
import type { TrackEventData } from '../shared/audio-events.ts';
import { audioPrefix } from '../shared/media-keys.ts';
import { cancelJobs, markTrackRenditionsRemoved, queueVersion, requeueFailed } from './job-queue.ts';
import type { TranscodeDb } from './transcode-tables.ts';
import type { TranscodeWorker } from './transcode-worker.ts';

/**
 * Turns the tracks service's upload events into jobs. The kernel's inbox makes each event apply once:
 * the inbox row and these writes commit together.
 */
export function uploadEventsConsumer(ctx: ServiceContext<TranscodeDb>, worker: TranscodeWorker): Consumer {
  return {
    group: 'transcode.uploads',
    events: ['tracks.TrackUploaded', 'tracks.TrackRetryRequested', 'tracks.TrackDeleted'],
    async handle(event, tx: WriteTransaction<TranscodeDb>) {
      switch (event.type) {
        case 'TrackUploaded':
        case 'TrackRetryRequested': {
          const { trackId, version, sourceKey } = event.data as TrackEventData['TrackRetryRequested'];
          const queue = event.type === 'TrackUploaded' ? queueVersion : requeueFailed;
          const { queued, cancelled } = await queue(tx.db, { trackId, version, sourceKey }, tx.metadata);
          worker.cancel(cancelled);
          if (queued) worker.wake();
          return;
        }
        case 'TrackDeleted': {
          const { trackId } = event.data as TrackEventData['TrackDeleted'];
          worker.cancel(await cancelJobs(tx.db, trackId));
          await markTrackRenditionsRemoved(tx.db, trackId);
          // Inside the transaction on purpose: if storage fails, the rows come back and the event is
          // retried; a worker that uploads after this deletion removes its own files (it finds the job
          // cancelled).
          await ctx.storage.deletePrefix(audioPrefix(trackId));
          return;
        }
      }
    },
  };
}
