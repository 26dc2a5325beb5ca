import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requirePermission, secured } from '../../../kernel/auth/auth-guard.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import { acceptImageBodies } from '../../../kernel/images/image-body-parser.ts';
import {
  ACCEPTED_IMAGE_TYPES,
  MAX_IMAGE_BYTES,
  renderImage,
} from '../../../kernel/images/image-renditions.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import { IMAGE_KINDS, type ImageKind, sizesOf } from '../image-kinds.ts';
import { replaceImage } from '../image-replacement.ts';
import { FullProfile } from '../profile-schemas.ts';
import type { ProfilesDb } from '../profile-tables.ts';
import { fullView } from '../profile-views.ts';

const RawImage = Type.Unsafe<Buffer>({
  type: 'string',
  format: 'binary',
  description: `The image file itself (not multipart), at most ${MAX_IMAGE_BYTES / 1024 / 1024} MiB`,
});

const describe = (kind: ImageKind) =>
  Object.values(IMAGE_KINDS[kind].sizes)
    .map(({ width, height }) => `${width}×${height}`)
    .join(', ');

/**
 * Avatar and banner uploads: the request body is the image, sent with its own Content-Type. The routes
 * live in their own scope so the raw-image parsers (and their larger body limit) apply to them alone.
 */
export async function profileImageRoutes(app: VezaHttp, ctx: ServiceContext<ProfilesDb>): Promise<void> {
  await app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<TypeBoxTypeProvider>();
    acceptImageBodies(scope);
    for (const kind of Object.keys(IMAGE_KINDS) as ImageKind[]) {
      scope.put(
        `/profiles/me/${kind}`,
        {
          bodyLimit: MAX_IMAGE_BYTES,
          // The body is bytes, not JSON: the schema documents it, decoding it with sharp validates it.
          validatorCompiler: () => () => true,
          schema: {
            summary: `Replace your ${kind} (stored as WebP ${describe(kind)})`,
            ...secured('profile:edit'),
            consumes: [...ACCEPTED_IMAGE_TYPES],
            body: RawImage,
            response: { 200: FullProfile, ...problemResponses(400, 401, 403, 404, 413, 415) },
          },
        },
        async (request) => {
          const userId = requirePermission(request, 'profile:edit').sub;
          const renditions = await renderImage(sizesOf(kind), request.body);
          return fullView(await replaceImage(ctx, ctx.metadataOf(request), userId, kind, renditions));
        },
      );
      scope.delete(
        `/profiles/me/${kind}`,
        {
          schema: {
            summary: `Remove your ${kind}`,
            ...secured('profile:edit'),
            response: { 200: FullProfile, ...problemResponses(401, 403, 404) },
          },
        },
        async (request) => {
          const userId = requirePermission(request, 'profile:edit').sub;
          return fullView(await replaceImage(ctx, ctx.metadataOf(request), userId, kind, null));
        },
      );
    }
  });
}
