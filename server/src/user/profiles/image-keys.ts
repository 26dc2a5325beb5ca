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

/** Random, so two uploads at once never share keys; hex, so the media name's `-` separators stay unambiguous. */
export const newImageVersion = () => randomBytes(8).toString('hex');

/**
 * Images are served as one path segment, `<userId>-<kind>-<version>-<size>.webp`, under `MEDIA_PATH`: a
 * single, fully validated route parameter rather than a storage path taken from the URL.
 */
export const MEDIA_PATH = '/profiles/media/';
export const imageUrl = (userId: string, kind: ImageKind, version: string, size: string) =>
  `${API_PREFIX}${MEDIA_PATH}${userId}-${kind}-${version}-${size}.webp`;

export interface ParsedImageKey {
  userId: string;
  kind: ImageKind;
  version: string;
  size: string;
}

const MEDIA_NAME =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-([a-z]+)-([0-9a-f]{16})-([a-z]+)\.webp$/;

/** The parts of a media name, or null for anything that is not the name of some profile image. */
export function parseMediaName(name: string): ParsedImageKey | null {
  const match = MEDIA_NAME.exec(name);
  if (!match) return null;
  const [, userId, kind, version, size] = match as unknown as [string, string, string, string, string];
  if (!isImageKind(kind) || !Object.hasOwn(IMAGE_KINDS[kind].sizes, size)) return null;
  return { userId, kind, version, size };
}
