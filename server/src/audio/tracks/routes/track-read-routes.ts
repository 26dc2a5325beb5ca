import { Type } from 'typebox';
import { requireUser, secured } from '../../../kernel/auth/auth-guard.ts';
import { notFound, ProblemError } from '../../../kernel/errors/problem-error.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import { Track, TrackPage } from '../track-schemas.ts';
import { findArtistByUsername, findTrackBySecret, listOwnerTracks, type TrackRow } from '../track-store.ts';
import type { TracksDb } from '../track-tables.ts';
import { trackView } from '../track-view.ts';
import type { TracksState } from '../tracks-state.ts';
import { viewFor, visibleTrack } from './track-access.ts';
import { TrackId } from './track-params.ts';

const PAGE_SIZE = 30;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const Cursor = Type.Optional(Type.String({ maxLength: 64, description: 'nextCursor of the previous page' }));

function decodeCursor(cursor: string | undefined): string | null {
  if (!cursor) return null;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!UUID.test(id))
    throw new ProblemError(400, 'cursor_invalid', 'Invalid cursor', 'Pass the nextCursor of a previous page');
  return id;
}

const page = (rows: TrackRow[], view: (row: TrackRow) => Track) => ({
  tracks: rows.map(view),
  nextCursor:
    rows.length === PAGE_SIZE ? Buffer.from((rows.at(-1) as TrackRow).id).toString('base64url') : null,
});

export function trackReadRoutes(app: VezaHttp, ctx: ServiceContext<TracksDb>, state: TracksState): void {
  app.get(
    '/tracks/:id',
    {
      schema: {
        summary: 'A track (private and unlisted ones only for their owner)',
        params: TrackId,
        response: { 200: Track, ...problemResponses(400, 404) },
      },
    },
    async (request) => viewFor(request, await visibleTrack(ctx, request, request.params.id), state),
  );

  app.get(
    '/tracks/shared/:secret',
    {
      schema: {
        summary: 'The track a share link points to (how unlisted tracks are reached)',
        params: Type.Object({ secret: Type.String({ pattern: '^[A-Za-z0-9_-]{24}$' }) }),
        response: { 200: Track, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const row = await findTrackBySecret(ctx.db, request.params.secret);
      // A private track's old link stops working: only unlisted and public tracks are shared.
      if (!row || row.visibility === 'private') throw notFound('This link');
      return viewFor(request, row, state);
    },
  );

  app.get(
    '/tracks',
    {
      schema: {
        summary: "An artist's public tracks, newest first (all of them for the artist)",
        querystring: Type.Object({ artist: Type.String({ minLength: 1, maxLength: 40 }), cursor: Cursor }),
        response: { 200: TrackPage, ...problemResponses(400, 404) },
      },
    },
    async (request) => {
      const artist = await findArtistByUsername(ctx.db, request.query.artist);
      if (!artist) throw notFound('This artist');
      const own = request.auth?.sub === artist.user_id;
      const rows = await listOwnerTracks(ctx.db, artist.user_id, {
        publicOnly: !own,
        after: decodeCursor(request.query.cursor),
        limit: PAGE_SIZE,
      });
      return page(rows, (row) => trackView(row, { manages: own }, state.views));
    },
  );

  app.get(
    '/tracks/mine',
    {
      schema: {
        summary: 'Your tracks in every state and visibility, newest first',
        ...secured(),
        querystring: Type.Object({ cursor: Cursor }),
        response: { 200: TrackPage, ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      const ownerId = requireUser(request).sub;
      const rows = await listOwnerTracks(ctx.db, ownerId, {
        publicOnly: false,
        after: decodeCursor(request.query.cursor),
        limit: PAGE_SIZE,
      });
      return page(rows, (row) => trackView(row, { manages: true }, state.views));
    },
  );
}
