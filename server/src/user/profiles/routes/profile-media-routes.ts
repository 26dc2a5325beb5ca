import { Type } from 'typebox';
import { notFound } from '../../../kernel/errors/problem-error.ts';
import { matchesEtag } from '../../../kernel/http/etag-match.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import { imageKey, MEDIA_PATH, parseMediaName } from '../image-keys.ts';
import { IMAGE_KINDS } from '../image-kinds.ts';
import { findProfileById } from '../profile-store.ts';
import type { ProfilesDb } from '../profile-tables.ts';
import { visibilityOf } from '../profile-visibility.ts';

const YEAR_SECONDS = 365 * 24 * 3600;

/**
 * Serves avatars and banners. Only a profile's current version is served: a replaced image stops being
 * reachable at once, even before its files are deleted. Keys are versioned, so a response never changes
 * and may be cached for a year. An avatar is public like the name (even on a private profile); a
 * private profile's banner goes only to those who see the profile in full, and never to shared caches.
 */
export function profileMediaRoutes(app: VezaHttp, ctx: ServiceContext<ProfilesDb>): void {
  app.get(
    `${MEDIA_PATH}:key`,
    {
      schema: {
        summary: 'A profile image (paths come from the avatar and banner fields of a profile)',
        params: Type.Object({
          key: Type.String({ maxLength: 100, description: '`<userId>-<kind>-<version>-<size>.webp`' }),
        }),
        response: {
          200: {
            description: 'The image',
            content: { 'image/webp': { schema: Type.Unsafe({ type: 'string', format: 'binary' }) } },
          },
          304: Type.Null({ description: 'Not modified (If-None-Match)' }),
          ...problemResponses(404),
        },
      },
    },
    async (request, reply) => {
      const image = parseMediaName(request.params.key);
      if (!image) throw notFound('This image');
      const profile = await findProfileById(ctx.db, image.userId);
      if (!profile || profile[IMAGE_KINDS[image.kind].column] !== image.version) throw notFound('This image');
      const restricted = profile.suspended || (image.kind === 'banner' && profile.private);
      if (restricted && (await visibilityOf(ctx.db, request, profile)) !== 'full')
        throw notFound('This image');

      const etag = `"${image.version}-${image.size}"`;
      const cacheControl = `${restricted ? 'private' : 'public'}, max-age=${YEAR_SECONDS}, immutable`;
      if (matchesEtag(request.headers['if-none-match'], etag))
        return reply.code(304).header('etag', etag).header('cache-control', cacheControl).send();
      const object = await ctx.storage.get(imageKey(image.userId, image.kind, image.version, image.size));
      // Files are written before a row points at them; a missing one is answered like any unknown image.
      if (!object) throw notFound('This image');
      return reply
        .type(object.contentType ?? 'image/webp')
        .header('content-length', object.size)
        .header('etag', etag)
        .header('cache-control', cacheControl)
        .header('x-content-type-options', 'nosniff')
        .send(object.body);
    },
  );
}
