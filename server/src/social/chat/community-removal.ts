import type { WriteTransaction } from '../../kernel/service-module.ts';
import type { ChatDb } from './chat-tables.ts';
import { appendCommunityEvents } from './community-events.ts';

/** Deletes a community; its channels, roles, members, bans and invites go with it (on delete cascade). */
export async function deleteCommunityIn(tx: WriteTransaction<ChatDb>, communityId: string): Promise<void> {
  await tx.db.deleteFrom('communities').where('id', '=', communityId).execute();
  await appendCommunityEvents(tx, communityId, { type: 'CommunityDeleted', data: { communityId } });
}
