import type { ChannelType, Overwrite } from './community-permissions.ts';

/**
 * The events of the chat service (source `chat`), all on one stream per community: `community-<id>`.
 * They are the contract other services (messages, the WebSocket gateway) build their read model of
 * "who may see and send in which channel" from, so each carries the whole new state of what changed
 * (a full role, a full channel with its overwrites, a member's full role list), never a diff to merge.
 * Replaying a community's stream in version order rebuilds it exactly; permissions are then computed
 * with community-permissions.ts. The same stream is the community's moderation log.
 *
 * Invariants a read model may rely on:
 * - CommunityCreated is followed in the same transaction by RoleCreated (@everyone: role id = community
 *   id, position 0), ChannelCreated for the default category and text channel, MemberJoined (owner).
 * - A member leaves with exactly one of MemberLeft, MemberKicked, MemberBanned (a ban of a member
 *   removes them; a ban of a non-member only blocks joining), or CommunityDeleted.
 * - RoleDeleted implies the role is gone from every member and overwrite (no MemberRolesChanged or
 *   ChannelUpdated is appended for that), ChannelDeleted of a category is preceded by ChannelUpdated
 *   of each child moved out of it (parentId null).
 * - Reordering appends RoleUpdated / ChannelUpdated for each role or channel whose position changed.
 * - The actor of every event is in its metadata (`metadata.actor`: a user id, or null for the system).
 */
export const communityStream = (communityId: string) => `community-${communityId}`;

export interface RoleSnapshot {
  id: string;
  name: string;
  /** Flags of community-permissions.ts. */
  permissions: number;
  /** 0 for @everyone; unique within a community; higher outranks lower. */
  position: number;
  /** `#rrggbb`, or null for no colour. */
  color: string | null;
}

export interface ChannelSnapshot {
  id: string;
  type: ChannelType;
  name: string;
  topic: string;
  /** The category it sits in; null at top level (categories are always at top level). */
  parentId: string | null;
  position: number;
  /** Seconds a member without MANAGE_MESSAGES waits between two messages; 0 = off. Enforced by messages. */
  slowmodeSeconds: number;
  overwrites: Overwrite[];
}

export interface ChatEventData {
  CommunityCreated: { communityId: string; name: string; description: string; ownerId: string };
  /** The new name, description and owner (an ownership transfer is an update too). */
  CommunityUpdated: { communityId: string; name: string; description: string; ownerId: string };
  /** Everything of the community goes: channels, roles, members, bans, invites. */
  CommunityDeleted: { communityId: string };

  /** `inviteCode` null for the creator (and owners by transfer never join: they were members). */
  MemberJoined: { communityId: string; userId: string; inviteCode: string | null };
  /** `accountDeleted` when the auth service deleted the account. */
  MemberLeft: { communityId: string; userId: string; accountDeleted: boolean };
  MemberKicked: { communityId: string; userId: string; moderatorId: string; reason: string | null };
  /** `wasMember`: whether this removed a membership (false: a pre-emptive ban). */
  MemberBanned: {
    communityId: string;
    userId: string;
    moderatorId: string;
    reason: string | null;
    wasMember: boolean;
  };
  MemberUnbanned: { communityId: string; userId: string; moderatorId: string };
  /** `until` null: the timeout was lifted. While `until` is in the future the member may not send or react. */
  MemberTimedOut: {
    communityId: string;
    userId: string;
    moderatorId: string;
    until: string | null;
    reason: string | null;
  };
  /** The member's full list of roles after the change (@everyone not included). */
  MemberRolesChanged: {
    communityId: string;
    userId: string;
    roleIds: string[];
    added: string[];
    removed: string[];
  };

  RoleCreated: { communityId: string; role: RoleSnapshot };
  RoleUpdated: { communityId: string; role: RoleSnapshot };
  RoleDeleted: { communityId: string; roleId: string };

  ChannelCreated: { communityId: string; channel: ChannelSnapshot };
  ChannelUpdated: { communityId: string; channel: ChannelSnapshot };
  ChannelDeleted: { communityId: string; channelId: string };

  InviteCreated: {
    communityId: string;
    code: string;
    creatorId: string;
    maxUses: number | null;
    expiresAt: string | null;
  };
  InviteDeleted: { communityId: string; code: string };
}

export type ChatEventType = keyof ChatEventData;

export type ChatEvent = { [K in ChatEventType]: { type: K; data: ChatEventData[K] } }[ChatEventType];
