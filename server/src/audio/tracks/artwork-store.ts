import { randomBytes } from 'node:crypto';
import type { Rendition } from '../../kernel/images/image-renditions.ts';
import type { ObjectStorage } from '../../kernel/storage/object-storage.ts';
import { artworkKey, artworkPrefix } from '../shared/media-keys.ts';

/** Stores every size under a new random version; returns the version (the row points at it afterwards). */
export async function storeArtwork(
  storage: ObjectStorage,
  trackId: string,
  renditions: Rendition[],
): Promise<string> {
  const version = randomBytes(9).toString('base64url');
  for (const rendition of renditions) {
    await storage.put(artworkKey(trackId, version, rendition.size), rendition.bytes, {
      contentType: 'image/webp',
    });
  }
  return version;
}

/** Removes every artwork version but `keep` (after the row points at the new one, or none). */
export async function pruneArtwork(
  storage: ObjectStorage,
  trackId: string,
  keep: string | null,
): Promise<void> {
  const keys = await storage.list(artworkPrefix(trackId));
  const stale = keys.filter((key) => keep === null || !key.startsWith(`${artworkPrefix(trackId)}${keep}/`));
  await Promise.all(stale.map((key) => storage.delete(key)));
}
