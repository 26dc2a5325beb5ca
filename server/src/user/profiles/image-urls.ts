import { imageUrl } from './image-keys.ts';
import { type ImageKind, sizesOf } from './image-kinds.ts';

/** `{small: url, medium: url, …}` for the stored version of an image, or null when there is none. */
export function imageUrls(
  userId: string,
  kind: ImageKind,
  version: string | null,
): Record<string, string> | null {
  if (!version) return null;
  return Object.fromEntries(sizesOf(kind).map(([size]) => [size, imageUrl(userId, kind, version, size)]));
}
