import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { requirePermission, requireUser, secured } from '../../../kernel/auth/auth-guard.ts';
import { notFound } from '../../../kernel/errors/problem-error.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import type { TracksDb } from '../track-tables.ts';
import type { TracksState } from '../tracks-state.ts';
import { createTusUploads, TRACK_ID_HEADER, type TusCaller } from '../upload/tus-uploads.ts';

const UploadId = Type.Object({ uploadId: Type.String({ format: 'uuid' }) });

/**
 * Mounts the tus server on /tracks/uploads: Fastify authenticates (the guard runs in onRequest), then hands
 * the raw request, body unread, to tus. The caller travels to tus's hooks keyed by the raw request.
 */
export async function trackTusRoutes(app: VezaHttp, ctx: ServiceContext<TracksDb>, state: TracksState) {
  const callers = new WeakMap<IncomingMessage, TusCaller>();
  const tus = createTusUploads(ctx, state, (request) => callers.get(request));
  state.onClose(setInterval(() => void tus.sweepExpired().catch(() => undefined), 3_600_000));

  await app.register(async (plugin) => {
    plugin.removeAllContentTypeParsers();
    // Leaves the body unread for tus, whatever its type (chunks are application/offset+octet-stream).
    plugin.addContentTypeParser('*', (_request, _payload, done) => done(null));
    const schema = (summary: string, params?: typeof UploadId) => ({
      summary,
      description: `tus 1.0.0 (creation, termination). The final PATCH answers with the \`${TRACK_ID_HEADER}\` header.`,
      ...secured('tracks:publish'),
      ...(params ? { params } : {}),
    });
    const handle = async (request: FastifyRequest, reply: FastifyReply) => {
      const ownerId = requirePermission(request, 'tracks:publish').sub;
      callers.set(request.raw, { ownerId, metadata: ctx.metadataOf(request) });
      reply.hijack();
      await tus.server.handle(request.raw, reply.raw);
    };
    plugin.post('/tracks/uploads', { schema: schema('Start a resumable upload') }, handle);
    plugin.head(
      '/tracks/uploads/:uploadId',
      { schema: schema('How much of an upload arrived', UploadId) },
      handle,
    );
    plugin.patch('/tracks/uploads/:uploadId', { schema: schema('Send the next chunk', UploadId) }, handle);
    plugin.delete('/tracks/uploads/:uploadId', { schema: schema('Abandon an upload', UploadId) }, handle);
  });

  app.get(
    '/tracks/uploads/:uploadId/track',
    {
      schema: {
        summary: 'The track a finished resumable upload became',
        ...secured(),
        params: UploadId,
        response: {
          200: Type.Object({ trackId: Type.String({ format: 'uuid' }) }),
          ...problemResponses(401, 404),
        },
      },
    },
    async (request) => {
      const ownerId = requireUser(request).sub;
      const row = await ctx.db
        .selectFrom('tus_uploads')
        .select('track_id')
        .where('upload_id', '=', request.params.uploadId)
        .where('owner_id', '=', ownerId)
        .executeTakeFirst();
      if (!row) throw notFound('This upload');
      return { trackId: row.track_id };
    },
  );
}
