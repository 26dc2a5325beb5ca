import type { FastifyInstance } from 'fastify';
import { ACCEPTED_IMAGE_TYPES, MAX_IMAGE_BYTES } from './image-renditions.ts';

/**
 * Makes a route scope take raw image bodies (PNG, JPEG, WebP, sent with their own Content-Type, up to
 * MAX_IMAGE_BYTES) and nothing else: JSON or any other type gets 415 unsupported_media_type. Register the
 * image routes in their own scope so the parser and its larger limit apply to them alone.
 */
export function acceptImageBodies(scope: FastifyInstance): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser(
    [...ACCEPTED_IMAGE_TYPES],
    { parseAs: 'buffer', bodyLimit: MAX_IMAGE_BYTES },
    (_request, body, done) => done(null, body),
  );
}
