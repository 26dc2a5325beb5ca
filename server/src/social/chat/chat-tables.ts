import type { ColumnType, Generated } from 'kysely';
import type { ChannelType } from '../../social/shared/community-permissions.ts';

/** A jsonb column: read as parsed JSON, written as JSON text. */
type Json<T> = ColumnType<T, string, string>;

/** The chat service's tables (schema `chat`). */
export interface ChatDb {
  communities: {
    id: string;
    name: string;
    description: string;
    owner_id: string;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  /** @everyone is a row too: its id is the community's id, its position 0. */
  roles: {
    id: string;
    community_id: string;
    name: string;
    permissions: number;
    position: number;
    color: string | null;
  };
  /** Categories are channels of type `category`, at top level; other channels may sit in one. */
  channels: {
    id: string;
    community_id: string;
    type: ChannelType;
    name: string;
    topic: string;
    parent_id: string | null;
    position: number;
    slowmode_seconds: number;
    /** jsonb array of Overwrite (community-permissions.ts): read with the channel, never alone. */
    overwrites: Json<{ targetType: 'role' | 'member'; targetId: string; allow: number; deny: number }[]>;
  };
  members: {
    community_id: string;
    user_id: string;
    timed_out_until: Date | null;
    joined_at: Generated<Date>;
  };
  member_roles: {
    community_id: string;
    user_id: string;
    role_id: string;
  };
  bans: {
    community_id: string;
    user_id: string;
    moderator_id: string;
    reason: string | null;
    created_at: Generated<Date>;
  };
  invites: {
    code: string;
    community_id: string;
    creator_id: string;
    max_uses: number | null;
    uses: number;
    expires_at: Date | null;
    created_at: Generated<Date>;
  };
  /** Usernames of accounts (from auth events), for member lists without a call to auth. */
  users: {
    user_id: string;
    username: string;
  };
}
