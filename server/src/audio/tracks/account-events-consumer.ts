import type { Consumer, ServiceContext, WriteTransaction } from '../../kernel/service-module.ts';
import { deleteTrackIn } from './track-edits.ts';
import type { TracksDb } from './track-tables.ts';

/**
 * Keeps owners' usernames (for showing a track's artist) and removes a deleted account's tracks, files
 * included: TrackDeleted per track lets the transcode and stream services remove theirs.
 */
export function trackAccountsConsumer(ctx: ServiceContext<TracksDb>): Consumer {
  return {
    group: 'tracks.accounts',
    events: ['auth.UserRegistered', 'auth.UserDeleted'],
    async handle(event, tx: WriteTransaction<TracksDb>) {
      const { id, username } = event.data as { id: string; username?: string };
      if (event.type === 'UserRegistered') {
        await tx.db
          .insertInto('artists')
          .values({ user_id: id, username: username as string })
          .onConflict((oc) => oc.column('user_id').doUpdateSet({ username: username as string }))
          .execute();
        return;
      }
      const tracks = await tx.db
        .selectFrom('tracks')
        .select(['id', 'owner_id'])
        .where('owner_id', '=', id)
        .execute();
      for (const track of tracks) await deleteTrackIn(ctx, tx, track);
      await tx.db.deleteFrom('artists').where('user_id', '=', id).execute();
    },
  };
}
