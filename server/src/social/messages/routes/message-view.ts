import type { Kysely } from 'kysely';
import { type MessageRow, messageSnapshot, reactionsOf } from '../message-store.ts';
import type { MessagesDb } from '../message-tables.ts';

/** Messages as the API shows them to `viewerId`: snapshots whose reactions say whether the viewer reacted. */
export async function viewMessages(db: Kysely<MessagesDb>, rows: readonly MessageRow[], viewerId: string) {
  const reactions = await reactionsOf(
    db,
    rows.map((row) => row.id),
    viewerId,
  );
  return rows.map((row) => {
    const mine = reactions.get(row.id) ?? [];
    return { ...messageSnapshot(row, mine), reactions: mine };
  });
}
