import { randomBytes } from 'node:crypto';
import { API_PREFIX } from '../../kernel/http/openapi.ts';
import { IMAGE_KINDS, type ImageKind, isImageKind } from './image-kinds.ts';

/**
 * Where profile images live in object storage: `profiles/<userId>/<kind>/<version>/<size>.webp`. A new
 * upload gets a new version, so a key's bytes never change: the media route can let browsers and CDNs
 * cache them forever, and replacing an image is "write the new version, then delete the old folder".
 */
export const userImagesPrefix = (userId: string) => `profiles/${userId}/`;
export const versionPrefix = (userId: string, kind: ImageKind, version: string) =>
  `profiles/${userId}/${kind}/${version}/`;
export const imageKey = (userId: string, kind: ImageKind, version: string, size: string) =>
  `${versionPrefix(userId, kind, version)}${size}.webp`;

/** Random, so two uploads in the same millisecond never share keys. */
export const newImageVersion = () => randomBytes(9).toString('base64url');

/** Public URL of a stored image (the media route serves `profiles/…` keys under it). */
export const MEDIA_PATH = '/profiles/media/';
export const imageUrl = (userId: string, kind: ImageKind, version: string, size: string) =>
  `${API_PREFIX}${MEDIA_PATH}${imageKey(userId, kind, version, size).slice('profiles/'.length)}`;

export interface ParsedImageKey {
  userId: string;
  kind: ImageKind;
  version: string;
  size: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const VERSION = /^[\w-]{1,32}$/;

/** The parts of a media path (`<userId>/<kind>/<version>/<size>.webp`), or null for anything else. */
export function parseMediaPath(path: string): ParsedImageKey | null {
  const [userId, kind, version, file, ...rest] = path.split('/');
  if (rest.length > 0 || !userId || !kind || !version || !file) return null;
  if (!UUID.test(userId) || !isImageKind(kind) || !VERSION.test(version) || !file.endsWith('.webp'))
    return null;
  const size = file.slice(0, -'.webp'.length);
  if (!Object.hasOwn(IMAGE_KINDS[kind].sizes, size)) return null;
  return { userId, kind, version, size };
}
