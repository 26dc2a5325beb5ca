import { Type } from 'typebox';
import { secured } from '../../../kernel/auth/auth-guard.ts';
import { ProblemError } from '../../../kernel/errors/problem-error.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import { deleteTrack, editTrack, resetShareLink, retryTrack } from '../track-edits.ts';
import { Track, TrackChanges } from '../track-schemas.ts';
import type { TracksDb } from '../track-tables.ts';
import { sharePathOf } from '../track-view.ts';
import type { TracksState } from '../tracks-state.ts';
import { managedTrack, trackResponse } from './track-access.ts';
import { TrackId } from './track-params.ts';

export function trackEditRoutes(app: VezaHttp, ctx: ServiceContext<TracksDb>, state: TracksState): void {
  app.patch(
    '/tracks/:id',
    {
      schema: {
        summary: 'Edit metadata, visibility or the downloadable flag',
        ...secured('tracks:publish'),
        params: TrackId,
        body: TrackChanges,
        response: { 200: Track, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const row = await managedTrack(ctx, request, request.params.id, { moderatorMay: false });
      await editTrack(ctx, ctx.metadataOf(request), row, request.body);
      return trackResponse(ctx, state, request, row.id);
    },
  );

  app.delete(
    '/tracks/:id',
    {
      schema: {
        summary: 'Delete a track and every file of it (owner or moderator)',
        ...secured(),
        params: TrackId,
        response: { 204: Type.Null(), ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const row = await managedTrack(ctx, request, request.params.id, { moderatorMay: true });
      await deleteTrack(ctx, ctx.metadataOf(request), row);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/tracks/:id/share-link',
    {
      schema: {
        summary: 'Replace the unlisted share link (the old one stops working)',
        ...secured('tracks:publish'),
        params: TrackId,
        response: {
          200: Type.Object({ secret: Type.String(), sharePath: Type.String() }),
          ...problemResponses(401, 403, 404),
        },
      },
    },
    async (request) => {
      const row = await managedTrack(ctx, request, request.params.id, { moderatorMay: false });
      const secret = await resetShareLink(ctx, ctx.metadataOf(request), row.id);
      return { secret, sharePath: sharePathOf(secret) };
    },
  );

  app.post(
    '/tracks/:id/retry',
    {
      schema: {
        summary: 'Transcode a failed track again (owner or moderator)',
        ...secured(),
        params: TrackId,
        response: { 200: Track, ...problemResponses(401, 403, 404, 409) },
      },
    },
    async (request) => {
      const row = await managedTrack(ctx, request, request.params.id, { moderatorMay: true });
      if (row.state !== 'failed')
        throw new ProblemError(
          409,
          'track_not_failed',
          'Nothing to retry',
          'Only a failed track can be retried',
        );
      await retryTrack(ctx, ctx.metadataOf(request), row);
      return trackResponse(ctx, state, request, row.id);
    },
  );
}
