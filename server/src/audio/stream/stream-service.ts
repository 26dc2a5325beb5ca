import { defineService } from '../../kernel/service-module.ts';
import { playRoutes } from './routes/play-routes.ts';
import { streamFileRoutes } from './routes/stream-file-routes.ts';
import { streamMigrations } from './stream-migrations.ts';
import { openStreamState, type StreamState } from './stream-state.ts';
import type { StreamDb } from './stream-tables.ts';
import { trackAccessProjection } from './track-access-projection.ts';

/**
 * Serves what the transcode service rendered (playlists, segments, waveform, downloads) to whoever the
 * tracks service's events and signed URLs allow, and counts plays (issue 4). Its knowledge of tracks is a
 * read model of `tracks.*` events; it never reads the tracks schema.
 */
export const streamService = defineService<StreamDb, StreamState>({
  name: 'stream',
  areas: ['stream'],
  migrations: streamMigrations,
  setup: openStreamState,
  routes(app, ctx, state) {
    streamFileRoutes(app, ctx, state);
    playRoutes(app, ctx, state);
  },
  projections: (_ctx, state) => [trackAccessProjection(state.trackChanged)],
});
