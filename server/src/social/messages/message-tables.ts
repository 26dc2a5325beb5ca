import type { ColumnType, Generated } from 'kysely';
import type { Overwrite } from '../shared/community-permissions.ts';

/** A jsonb column: read as parsed JSON, written as JSON text. */
type Json<T> = ColumnType<T, string, string>;
/** A column with a default: optional on insert. */
type Defaulted<T, Write = T> = ColumnType<T, Write | undefined, Write>;

/** Kinds of channel: the community ones (from chat events) and the messages service's own DMs. */
export type ChannelKind = 'category' | 'text' | 'announcement' | 'tracks' | 'dm' | 'group_dm';

/**
 * The messages service's tables (schema `messages`). `communities`, `roles`, `members` and the community
 * columns of `channels` are a read model of the chat service's events (chat-events-consumer.ts); each row
 * keeps the community stream version it was last written from so a late, older event changes nothing, and
 * a deletion leaves a tombstone (`deleted`) for the same reason.
 */
export interface MessagesDb {
  communities: {
    id: string;
    owner_id: string;
    version: number;
    deleted: boolean;
  };
  /** Every role, @everyone included (its id is the community's). */
  roles: {
    id: string;
    community_id: string;
    permissions: number;
    position: number;
    version: number;
    deleted: boolean;
  };
  /** One row per user who ever joined; `present` false once they left. Each aspect has its own version. */
  members: {
    community_id: string;
    user_id: string;
    present: boolean;
    role_ids: Defaulted<string[], string>;
    timed_out_until: Defaulted<Date | null>;
    membership_version: Defaulted<number>;
    roles_version: Defaulted<number>;
    timeout_version: Defaulted<number>;
  };
  /** Community channels (from events; `community_id` set) and DMs (created here; `community_id` null). */
  channels: {
    id: string;
    community_id: string | null;
    type: ChannelKind;
    slowmode_seconds: Defaulted<number>;
    overwrites: Defaulted<Overwrite[], string>;
    /** Group DMs: their creator and name. */
    owner_id: Defaulted<string | null>;
    name: Defaulted<string | null>;
    /** The newest message id ever sent here (kept when it is deleted): where a new member starts reading. */
    last_message_id: Defaulted<string | null>;
    version: Defaulted<number>;
    deleted: Defaulted<boolean>;
    created_at: Generated<Date>;
  };
  /** Who is in a DM or group DM. */
  dm_participants: {
    channel_id: string;
    user_id: string;
  };
  messages: {
    id: string;
    channel_id: string;
    community_id: string | null;
    author_id: string;
    content: string;
    reply_to_id: string | null;
    mention_user_ids: Json<string[]>;
    mention_role_ids: Json<string[]>;
    mention_everyone: boolean;
    pinned_at: Date | null;
    edited_at: Date | null;
    created_at: Date;
  };
  /** Every previous content of an edited message, oldest first. */
  message_edits: {
    message_id: string;
    version: number;
    content: string;
    /** When this content was replaced. */
    replaced_at: Date;
  };
  /** Whom a message notified when it was sent (user, role and @everyone mentions resolved, blockers left out). */
  message_mentions: {
    message_id: string;
    channel_id: string;
    user_id: string;
  };
  reactions: {
    message_id: string;
    emoji: string;
    user_id: string;
    created_at: Generated<Date>;
  };
  /**
   * Per user per channel: the last message read, and the counts of messages after it that others sent
   * (unread) and that notified the user (mentions), kept up to date by every send, delete and ack.
   */
  read_states: {
    user_id: string;
    channel_id: string;
    last_read_message_id: string | null;
    unread_count: Defaulted<number>;
    mention_count: Defaulted<number>;
  };
  /** When a member last sent in a channel, for slowmode (kept when the message is deleted). */
  last_sends: {
    channel_id: string;
    user_id: string;
    sent_at: Date;
  };
  /** Accounts that exist (from auth events): DMs and blocks name only them. */
  users: {
    user_id: string;
  };
  blocks: {
    blocker_id: string;
    blocked_id: string;
    created_at: Generated<Date>;
  };
}
