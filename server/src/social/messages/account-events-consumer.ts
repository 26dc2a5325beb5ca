import type { Consumer, WriteTransaction } from '../../kernel/service-module.ts';
import type { MessagesDb } from './message-tables.ts';

/**
 * Which accounts exist, so DMs and blocks name real users; a deleted account's blocks (both ways) go with
 * it, and it leaves its DMs. Its messages stay, as on Discord (shown by clients as a deleted user).
 */
export function messagesAccountsConsumer(): Consumer {
  return {
    group: 'messages.accounts',
    events: ['auth.UserRegistered', 'auth.UserDeleted'],
    async handle(event, tx: WriteTransaction<MessagesDb>) {
      const { id } = event.data as { id: string };
      if (event.type === 'UserRegistered') {
        await tx.db
          .insertInto('users')
          .values({ user_id: id })
          .onConflict((oc) => oc.doNothing())
          .execute();
        return;
      }
      await tx.db.deleteFrom('users').where('user_id', '=', id).execute();
      await tx.db
        .deleteFrom('blocks')
        .where((eb) => eb.or([eb('blocker_id', '=', id), eb('blocked_id', '=', id)]))
        .execute();
      await tx.db.deleteFrom('dm_participants').where('user_id', '=', id).execute();
      await tx.db.deleteFrom('read_states').where('user_id', '=', id).execute();
    },
  };
}
