import type { Updateable } from 'kysely';
import type { WriteTransaction } from '../../kernel/service-module.ts';
import type { ChatDb } from './chat-tables.ts';
import { appendCommunityEvents } from './community-events.ts';

/**
 * Changes a community's row (name, description, owner) and appends CommunityUpdated with its whole new
 * state, as the chat-events contract promises. The caller holds the community's lock.
 */
export async function updateCommunity(
  tx: WriteTransaction<ChatDb>,
  communityId: string,
  changes: Omit<Updateable<ChatDb['communities']>, 'id' | 'created_at' | 'updated_at'>,
): Promise<void> {
  const updated = await tx.db
    .updateTable('communities')
    .set({ ...changes, updated_at: new Date() })
    .where('id', '=', communityId)
    .returningAll()
    .executeTakeFirstOrThrow();
  await appendCommunityEvents(tx, communityId, {
    type: 'CommunityUpdated',
    data: {
      communityId,
      name: updated.name,
      description: updated.description,
      ownerId: updated.owner_id,
    },
  });
}
