import { sql } from 'kysely';
import { notFound } from '../../kernel/errors/problem-error.ts';
import type { EventMetadata } from '../../kernel/events/event-types.ts';
import type { Rendition } from '../../kernel/images/image-renditions.ts';
import type { ServiceContext } from '../../kernel/service-module.ts';
import { imageKey, newImageVersion, versionPrefix } from './image-keys.ts';
import { IMAGE_KINDS, type ImageKind } from './image-kinds.ts';
import { profileStream } from './profile-events.ts';
import type { ProfileRow } from './profile-store.ts';
import type { ProfilesDb } from './profile-tables.ts';

/**
 * Swaps a profile's avatar or banner (or removes it, with `renditions` null). Order matters, because
 * storage is not part of the database transaction:
 * 1. the new version's files are written under fresh keys (nobody points at them yet);
 * 2. the row is switched to the new version, with its event, in one transaction that locks the row, so
 *    two uploads at once each see and later delete the version they replaced;
 * 3. only after the commit is the previous version deleted. If storing or the transaction fails (no
 *    profile: the account was deleted meanwhile), the new version's files are deleted instead.
 */
export async function replaceImage(
  ctx: ServiceContext<ProfilesDb>,
  metadata: EventMetadata,
  userId: string,
  kind: ImageKind,
  renditions: readonly Rendition[] | null,
): Promise<ProfileRow> {
  const column = IMAGE_KINDS[kind].column;
  const version = renditions ? newImageVersion() : null;
  let previous: string | null = null;
  let updated: ProfileRow;
  try {
    if (version && renditions)
      await Promise.all(
        renditions.map((rendition) =>
          ctx.storage.put(imageKey(userId, kind, version, rendition.size), rendition.bytes, {
            contentType: 'image/webp',
          }),
        ),
      );
    updated = await ctx.write(metadata, async (tx) => {
      const current = await tx.db
        .selectFrom('profiles')
        .select(column)
        .where('user_id', '=', userId)
        .forUpdate()
        .executeTakeFirst();
      if (!current) throw notFound('Your profile');
      previous = current[column];
      const row = await tx.db
        .updateTable('profiles')
        .set({ [column]: version, updated_at: sql`now()` })
        .where('user_id', '=', userId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await tx.append(profileStream(userId), 'any', [
        { type: 'ProfileImageChanged', data: { id: userId, kind, version } },
      ]);
      return row;
    });
  } catch (error) {
    if (version) await deleteQuietly(ctx, versionPrefix(userId, kind, version));
    throw error;
  }
  if (previous) await deleteQuietly(ctx, versionPrefix(userId, kind, previous));
  return updated;
}

/** The change is committed; a file left behind costs disk, not correctness, so it is logged, not thrown. */
async function deleteQuietly(ctx: ServiceContext<ProfilesDb>, prefix: string): Promise<void> {
  try {
    await ctx.storage.deletePrefix(prefix);
  } catch (error) {
    ctx.logger.warn({ err: error, prefix }, 'could not delete replaced profile images');
  }
}
