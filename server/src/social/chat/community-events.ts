import type { WriteTransaction } from '../../kernel/service-module.ts';
import { type ChatEvent, communityStream } from '../shared/chat-events.ts';
import type { ChatDb } from './chat-tables.ts';

/**
 * Appends to the community's stream. Every write to a community first locks its row (community-scope.ts),
 * so its events come from one transaction at a time and 'any' never races.
 */
export const appendCommunityEvents = (
  tx: WriteTransaction<ChatDb>,
  communityId: string,
  ...events: ChatEvent[]
) => tx.append(communityStream(communityId), 'any', events);
