import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { secured } from '../../../kernel/auth/auth-guard.ts';
import { notFound } from '../../../kernel/errors/problem-error.ts';
import { matchesEtag } from '../../../kernel/http/etag-match.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import { acceptImageBodies } from '../../../kernel/images/image-body-parser.ts';
import {
  ACCEPTED_IMAGE_TYPES,
  MAX_IMAGE_BYTES,
  renderImage,
} from '../../../kernel/images/image-renditions.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import { artworkKey } from '../../shared/media-keys.ts';
import { pruneArtwork, storeArtwork } from '../artwork-store.ts';
import { ARTWORK_SIZES } from '../track-artwork.ts';
import { appendTrackEvents } from '../track-events.ts';
import { Track } from '../track-schemas.ts';
import { findTrack } from '../track-store.ts';
import type { TracksDb } from '../track-tables.ts';
import type { TracksState } from '../tracks-state.ts';
import { managedTrack, trackResponse } from './track-access.ts';
import { TrackId } from './track-params.ts';

const YEAR_SECONDS = 365 * 24 * 3600;
const SIZE_NAMES = ARTWORK_SIZES.map(([size]) => size).join('|');

/**
 * Artwork: uploaded as a raw image body, stored as square WebP sizes under a new random version, served
 * with immutable caching. Only the current version is served. A private track's artwork is served to whoever
 * has its URL, which only the owner is given (the version is 72 random bits).
 */
export async function trackArtworkRoutes(app: VezaHttp, ctx: ServiceContext<TracksDb>, state: TracksState) {
  async function setArtwork(
    trackId: string,
    version: string | null,
    metadata: ReturnType<typeof ctx.metadataOf>,
  ) {
    await ctx.write(metadata, async (tx) => {
      await tx.db
        .updateTable('tracks')
        .set({ artwork_version: version, updated_at: new Date() })
        .where('id', '=', trackId)
        .execute();
      await appendTrackEvents(tx, trackId, {
        type: 'TrackUpdated',
        data: { trackId, changes: { artwork: version } },
      });
    });
    await pruneArtwork(ctx.storage, trackId, version);
  }

  await app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<TypeBoxTypeProvider>();
    acceptImageBodies(scope);
    scope.put(
      '/tracks/:id/artwork',
      {
        bodyLimit: MAX_IMAGE_BYTES,
        validatorCompiler: () => () => true,
        schema: {
          summary: 'Replace the artwork (PNG, JPEG or WebP body; stored as 200, 500 and 1000 px squares)',
          ...secured('tracks:publish'),
          params: TrackId,
          consumes: [...ACCEPTED_IMAGE_TYPES],
          body: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }),
          response: { 200: Track, ...problemResponses(400, 401, 403, 404, 413, 415) },
        },
      },
      async (request) => {
        const row = await managedTrack(ctx, request, (request.params as { id: string }).id, {
          moderatorMay: false,
        });
        const renditions = await renderImage(ARTWORK_SIZES, request.body as Buffer);
        const version = await storeArtwork(ctx.storage, row.id, renditions);
        await setArtwork(row.id, version, ctx.metadataOf(request));
        return trackResponse(ctx, state, request, row.id);
      },
    );
  });

  app.delete(
    '/tracks/:id/artwork',
    {
      schema: {
        summary: 'Remove the artwork',
        ...secured('tracks:publish'),
        params: TrackId,
        response: { 200: Track, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const row = await managedTrack(ctx, request, request.params.id, { moderatorMay: false });
      await setArtwork(row.id, null, ctx.metadataOf(request));
      return trackResponse(ctx, state, request, row.id);
    },
  );

  app.get(
    '/tracks/artwork/:trackId/:version/:file',
    {
      schema: {
        summary: 'Track artwork (URLs come from the artwork field of a track)',
        params: Type.Object({
          trackId: Type.String({ format: 'uuid' }),
          version: Type.String({ pattern: '^[A-Za-z0-9_-]{12}$' }),
          file: Type.String({ pattern: `^(${SIZE_NAMES})\\.webp$` }),
        }),
        response: {
          200: {
            description: 'The image',
            content: { 'image/webp': { schema: Type.Unsafe({ type: 'string', format: 'binary' }) } },
          },
          304: Type.Null({ description: 'Not modified (If-None-Match)' }),
          ...problemResponses(400, 404),
        },
      },
    },
    async (request, reply) => {
      const { trackId, version, file } = request.params;
      const row = await findTrack(ctx.db, trackId);
      if (!row || row.artwork_version !== version) throw notFound('This artwork');
      const size = file.slice(0, -'.webp'.length);
      const etag = `"${version}-${size}"`;
      const cacheControl = `public, max-age=${YEAR_SECONDS}, immutable`;
      if (matchesEtag(request.headers['if-none-match'], etag))
        return reply.code(304).header('etag', etag).header('cache-control', cacheControl).send();
      const object = await ctx.storage.get(artworkKey(trackId, version, size));
      if (!object) throw notFound('This artwork');
      return reply
        .type('image/webp')
        .header('content-length', object.size)
        .header('etag', etag)
        .header('cache-control', cacheControl)
        .header('x-content-type-options', 'nosniff')
        .send(object.body);
    },
  );
}
