/**
 * The events of the messages service (source `messages`), one stream per channel: `channel-<id>` (a
 * community channel's id, or a DM's). Each carries the whole message as it is after the change, so the
 * WebSocket gateway dispatches it as is, without a read back. Writes to a channel hold its row lock, so a
 * channel's events are appended, and committed, in the order of its message ids (UUIDv7).
 *
 * Who may receive a channel's events: for a community channel, members with VIEW_CHANNEL and READ_HISTORY
 * in it (community-permissions.ts over the chat events); for a DM, its participants (DmChannelCreated:
 * they do not change yet).
 */
export const channelStream = (channelId: string) => `channel-${channelId}`;

export interface MentionsSnapshot {
  /** Users named with `<@id>` in the content, in order of first appearance. */
  users: string[];
  /** Roles named with `<@&id>`. */
  roles: string[];
  /** `@everyone`, only when the author held MENTION_EVERYONE. */
  everyone: boolean;
}

export interface ReactionCount {
  emoji: string;
  count: number;
}

export interface MessageSnapshot {
  id: string;
  channelId: string;
  /** null for a DM or group DM. */
  communityId: string | null;
  authorId: string;
  content: string;
  /** The message replied to (same channel), null when none; it may have been deleted since. */
  replyToId: string | null;
  mentions: MentionsSnapshot;
  pinned: boolean;
  reactions: ReactionCount[];
  createdAt: string;
  /** null until the first edit. */
  editedAt: string | null;
}

export interface DmChannelSnapshot {
  id: string;
  type: 'dm' | 'group_dm';
  /** The creator of a group DM (who may rename it and add or remove people); null for a DM. */
  ownerId: string | null;
  name: string | null;
  participantIds: string[];
}

export interface MessageEventData {
  /** `notifiedUserIds`: who this message mentions (user, role, @everyone), blocked authors left out. */
  MessageCreated: { message: MessageSnapshot; notifiedUserIds: string[] };
  MessageUpdated: { message: MessageSnapshot };
  MessageDeleted: {
    channelId: string;
    communityId: string | null;
    messageId: string;
    authorId: string;
    /** The author, or a moderator holding MANAGE_MESSAGES. */
    deletedBy: string;
  };
  ReactionAdded: { message: MessageSnapshot; userId: string; emoji: string };
  ReactionRemoved: { message: MessageSnapshot; userId: string; emoji: string };
  MessagePinned: { message: MessageSnapshot; by: string };
  MessageUnpinned: { message: MessageSnapshot; by: string };
  DmChannelCreated: { channel: DmChannelSnapshot };
}

export type MessageEventType = keyof MessageEventData;

export type MessageEvent = {
  [K in MessageEventType]: { type: K; data: MessageEventData[K] };
}[MessageEventType];
