import type { Consumer, ServiceContext, WriteTransaction } from '../../kernel/service-module.ts';
import { userImagesPrefix } from './image-keys.ts';
import { type AccountEventData, type ProfileEvent, profileStream } from './profile-events.ts';
import type { ProfilesDb } from './profile-tables.ts';

/**
 * Keeps profiles in step with accounts (events from the auth service). The kernel's inbox makes each
 * event apply once: the inbox row and these writes commit together.
 */
export function accountEventsConsumer(ctx: ServiceContext<ProfilesDb>): Consumer {
  const accountId = (streamId: string) => streamId.slice('account-'.length);
  return {
    group: 'profiles.accounts',
    events: ['auth.UserRegistered', 'auth.UserDeleted', 'auth.UserSuspended', 'auth.UserRestored'],
    async handle(event, tx: WriteTransaction<ProfilesDb>) {
      const append = (id: string, ...events: ProfileEvent[]) => tx.append(profileStream(id), 'any', events);
      switch (event.type) {
        case 'UserRegistered': {
          const { id, username } = event.data as AccountEventData['UserRegistered'];
          await tx.db
            .insertInto('profiles')
            .values({
              user_id: id,
              username,
              display_name: username,
              bio: '',
              links: '[]',
              location: '',
              genres: '[]',
              private: false,
              suspended: false,
              avatar_version: null,
              banner_version: null,
            })
            .execute();
          await append(id, { type: 'ProfileCreated', data: { id, username, displayName: username } });
          return;
        }
        case 'UserDeleted': {
          const { id } = event.data as AccountEventData['UserDeleted'];
          await tx.db.deleteFrom('approved_viewers').where('viewer_id', '=', id).execute();
          // The owner's approvals go with the profile row (on delete cascade).
          const deleted = await tx.db.deleteFrom('profiles').where('user_id', '=', id).executeTakeFirst();
          if (deleted.numDeletedRows > 0n) await append(id, { type: 'ProfileDeleted', data: { id } });
          // Inside the transaction on purpose: if storage fails, the rows come back and the event is
          // retried; if the commit fails after the files are gone, the retry deletes nothing twice.
          await ctx.storage.deletePrefix(userImagesPrefix(id));
          return;
        }
        case 'UserSuspended':
        case 'UserRestored': {
          const id = accountId(event.streamId);
          const suspended = event.type === 'UserSuspended';
          const changed = await tx.db
            .updateTable('profiles')
            .set({ suspended })
            .where('user_id', '=', id)
            .where('suspended', '=', !suspended)
            .executeTakeFirst();
          if (changed.numUpdatedRows > 0n)
            await append(id, { type: suspended ? 'ProfileSuspended' : 'ProfileRestored', data: { id } });
          return;
        }
      }
    },
  };
}
