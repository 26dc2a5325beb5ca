import { defineService } from '../../kernel/service-module.ts';
import { trackAccountsConsumer } from './account-events-consumer.ts';
import { trackArtworkRoutes } from './routes/track-artwork-routes.ts';
import { trackEditRoutes } from './routes/track-edit-routes.ts';
import { trackReadRoutes } from './routes/track-read-routes.ts';
import { trackTusRoutes } from './routes/track-tus-routes.ts';
import { trackUploadRoutes } from './routes/track-upload-routes.ts';
import { trackMigrations } from './track-migrations.ts';
import type { TracksDb } from './track-tables.ts';
import { openTracksState, type TracksState } from './tracks-state.ts';
import { transcodeEventsConsumer } from './transcode-events-consumer.ts';

/**
 * Tracks (issue 4): metadata, uploads (multipart and tus), visibility and share links, artwork, versions of
 * the audio, and the state the transcode service's events drive. Playback URLs point at the stream service.
 */
export const tracksService = defineService<TracksDb, TracksState>({
  name: 'tracks',
  areas: ['tracks'],
  migrations: trackMigrations,
  setup: openTracksState,
  async routes(app, ctx, state) {
    trackReadRoutes(app, ctx, state);
    trackEditRoutes(app, ctx, state);
    await trackUploadRoutes(app, ctx, state);
    await trackTusRoutes(app, ctx, state);
    await trackArtworkRoutes(app, ctx, state);
  },
  consumers: (ctx) => [trackAccountsConsumer(ctx), transcodeEventsConsumer(ctx)],
});
