import type { Consumer, WriteTransaction } from '../../kernel/service-module.ts';
import type { ChatDb } from './chat-tables.ts';
import { appendCommunityEvents } from './community-events.ts';
import { deleteCommunityIn } from './community-removal.ts';
import { updateCommunity } from './community-update.ts';

/**
 * Keeps usernames for member lists, and takes a deleted account out of every community: a community it
 * owned passes to the member with the highest role (the longest-standing among equals), or is deleted
 * when no one else is in it; its invites are revoked and its bans forgotten (the id never returns).
 */
export function chatAccountsConsumer(): Consumer {
  return {
    group: 'chat.accounts',
    events: ['auth.UserRegistered', 'auth.UserDeleted'],
    async handle(event, tx: WriteTransaction<ChatDb>) {
      const { id, username } = event.data as { id: string; username?: string };
      if (event.type === 'UserRegistered') {
        await tx.db
          .insertInto('users')
          .values({ user_id: id, username: username as string })
          .onConflict((oc) => oc.column('user_id').doUpdateSet({ username: username as string }))
          .execute();
        return;
      }
      const memberships = await tx.db
        .selectFrom('members')
        .select('community_id')
        .where('user_id', '=', id)
        .orderBy('community_id')
        .execute();
      for (const { community_id: communityId } of memberships) await removeAccount(tx, communityId, id);
      await tx.db.deleteFrom('bans').where('user_id', '=', id).execute();
      await tx.db.deleteFrom('users').where('user_id', '=', id).execute();
    },
  };
}

async function removeAccount(tx: WriteTransaction<ChatDb>, communityId: string, userId: string) {
  const community = await tx.db
    .selectFrom('communities')
    .selectAll()
    .where('id', '=', communityId)
    .forUpdate()
    .executeTakeFirst();
  if (!community) return;
  if (community.owner_id === userId) {
    const successor = await tx.db
      .selectFrom('members')
      .select('members.user_id')
      .where('members.community_id', '=', communityId)
      .where('members.user_id', '!=', userId)
      .orderBy(
        (eb) =>
          eb
            .selectFrom('member_roles')
            .innerJoin('roles', 'roles.id', 'member_roles.role_id')
            .select((inner) => inner.fn.coalesce(inner.fn.max('roles.position'), inner.val(0)).as('top'))
            .whereRef('member_roles.community_id', '=', 'members.community_id')
            .whereRef('member_roles.user_id', '=', 'members.user_id'),
        'desc',
      )
      .orderBy('members.joined_at')
      .orderBy('members.user_id')
      .executeTakeFirst();
    if (!successor) return deleteCommunityIn(tx, communityId);
    await updateCommunity(tx, communityId, { owner_id: successor.user_id });
  }
  const invites = await tx.db
    .deleteFrom('invites')
    .where('community_id', '=', communityId)
    .where('creator_id', '=', userId)
    .returning('code')
    .execute();
  for (const { code } of invites)
    await appendCommunityEvents(tx, communityId, { type: 'InviteDeleted', data: { communityId, code } });
  await tx.db
    .deleteFrom('members')
    .where('community_id', '=', communityId)
    .where('user_id', '=', userId)
    .execute();
  await appendCommunityEvents(tx, communityId, {
    type: 'MemberLeft',
    data: { communityId, userId, accountDeleted: true },
  });
}
