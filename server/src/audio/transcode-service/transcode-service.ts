import { defineService } from '../../kernel/service-module.ts';
import { transcodeMigrations } from './transcode-migrations.ts';
import type { TranscodeDb } from './transcode-tables.ts';
import { TranscodeWorker } from './transcode-worker.ts';
import { uploadEventsConsumer } from './upload-events-consumer.ts';

/**
 * Turns each uploaded version of a track into what the stream service serves (issue 4): the HLS ladder
 * with its DASH manifest, the MP3 download, the waveform, and the loudness, tempo and key it reports in
 * `transcode.TranscodeSucceeded`. No HTTP area: it hears the tracks service's events and answers with
 * its own. Decisions: docs/decisions/0004-audio.md, "Transcode service".
 */
export const transcodeService = defineService<TranscodeDb, TranscodeWorker>({
  name: 'transcode',
  areas: [],
  migrations: transcodeMigrations,
  setup: (ctx) => TranscodeWorker.start(ctx),
  consumers: (ctx, worker) => [uploadEventsConsumer(ctx, worker)],
});
