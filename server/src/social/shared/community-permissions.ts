/**
 * Community permissions (Discord's model), shared by the chat service (which owns roles, channels and
 * overwrites) and the services that enforce them from a read model built of chat events (messages,
 * the WebSocket gateway). Pure: no I/O, no clock but the `now` passed in.
 *
 * A permission set is an integer of flags. A member's permissions in a community are those of the
 * implicit @everyone role (its id is the community's id, position 0) and of their roles; in a channel,
 * the channel's overwrites then apply in a fixed order. The community's owner and holders of
 * ADMINISTRATOR have every permission everywhere.
 */
export const Permission = {
  VIEW_CHANNEL: 1 << 0,
  READ_HISTORY: 1 << 1,
  SEND_MESSAGES: 1 << 2,
  MANAGE_MESSAGES: 1 << 3,
  MENTION_EVERYONE: 1 << 4,
  ADD_REACTIONS: 1 << 5,
  ATTACH_FILES: 1 << 6,
  CREATE_INVITE: 1 << 7,
  MANAGE_CHANNELS: 1 << 8,
  MANAGE_ROLES: 1 << 9,
  KICK_MEMBERS: 1 << 10,
  BAN_MEMBERS: 1 << 11,
  MODERATE_MEMBERS: 1 << 12,
  MANAGE_COMMUNITY: 1 << 13,
  ADMINISTRATOR: 1 << 14,
} as const;

export type PermissionName = keyof typeof Permission;
export const PERMISSION_NAMES = Object.keys(Permission) as PermissionName[];

/** Every flag: what the owner and administrators hold. */
export const ALL_PERMISSIONS = PERMISSION_NAMES.reduce((all, name) => all | Permission[name], 0);

/** What @everyone may do in a new community: take part, but manage nothing. */
export const DEFAULT_EVERYONE_PERMISSIONS =
  Permission.VIEW_CHANNEL |
  Permission.READ_HISTORY |
  Permission.SEND_MESSAGES |
  Permission.ADD_REACTIONS |
  Permission.ATTACH_FILES |
  Permission.CREATE_INVITE;

/** Lost while a member is timed out (they can still read). */
export const TIMEOUT_REVOKED = Permission.SEND_MESSAGES | Permission.ADD_REACTIONS;

/** Meaningless outside a channel's scope; what an overwrite may allow or deny. */
export const CHANNEL_PERMISSIONS =
  Permission.VIEW_CHANNEL |
  Permission.READ_HISTORY |
  Permission.SEND_MESSAGES |
  Permission.MANAGE_MESSAGES |
  Permission.MENTION_EVERYONE |
  Permission.ADD_REACTIONS |
  Permission.ATTACH_FILES |
  Permission.CREATE_INVITE |
  Permission.MANAGE_CHANNELS |
  Permission.MANAGE_ROLES;

export const has = (permissions: number, flag: number) => (permissions & flag) === flag;

export const namesOf = (permissions: number): PermissionName[] =>
  PERMISSION_NAMES.filter((name) => has(permissions, Permission[name]));

export const CHANNEL_TYPES = ['category', 'text', 'announcement', 'tracks'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

export interface RoleRules {
  id: string;
  permissions: number;
  /** 0 is @everyone; a higher position outranks a lower one. */
  position: number;
}

export interface Overwrite {
  targetType: 'role' | 'member';
  /** A role id (the community id for @everyone) or a user id. */
  targetId: string;
  allow: number;
  deny: number;
}

export interface CommunityRules {
  id: string;
  ownerId: string;
  /** Every role, @everyone included (id = community id). */
  roles: readonly RoleRules[];
}

export interface MemberRules {
  userId: string;
  /** The member's roles, @everyone not included. */
  roleIds: readonly string[];
  timedOutUntil: Date | null;
}

export interface ChannelRules {
  type: ChannelType;
  overwrites: readonly Overwrite[];
}

/** The @everyone role of a community has the community's id. */
export const everyoneRoleId = (community: Pick<CommunityRules, 'id'>) => community.id;

export const isTimedOut = (member: MemberRules, now: Date) =>
  member.timedOutUntil !== null && member.timedOutUntil.getTime() > now.getTime();

/** The community-wide permissions: @everyone's and the member's roles', or all of them for owner/admins. */
export function basePermissions(community: CommunityRules, member: MemberRules): number {
  if (member.userId === community.ownerId) return ALL_PERMISSIONS;
  const held = new Set([everyoneRoleId(community), ...member.roleIds]);
  let permissions = 0;
  for (const role of community.roles) if (held.has(role.id)) permissions |= role.permissions;
  return has(permissions, Permission.ADMINISTRATOR) ? ALL_PERMISSIONS : permissions;
}

/**
 * What `member` may do in the community, or in `channel` when given, in Discord's order:
 * 1. owner or ADMINISTRATOR → every permission (no overwrite or timeout applies);
 * 2. base = @everyone | the member's roles;
 * 3. in a channel: the @everyone overwrite, then the member's role overwrites combined (deny all of
 *    theirs, then allow all of theirs), then the member's own overwrite;
 * 4. timed out → SEND_MESSAGES and ADD_REACTIONS removed;
 * 5. without VIEW_CHANNEL in a channel → nothing in it;
 * 6. announcement channels: SEND_MESSAGES only with MANAGE_MESSAGES; categories hold no messages.
 */
export function effectivePermissions(
  community: CommunityRules,
  member: MemberRules,
  channel?: ChannelRules,
  now: Date = new Date(),
): number {
  let permissions = basePermissions(community, member);
  if (permissions === ALL_PERMISSIONS) return ALL_PERMISSIONS;
  if (channel) permissions = applyOverwrites(permissions, community, member, channel.overwrites);
  if (isTimedOut(member, now)) permissions &= ~TIMEOUT_REVOKED;
  if (!channel) return permissions;
  if (!has(permissions, Permission.VIEW_CHANNEL)) return 0;
  if (channel.type === 'category') permissions &= ~Permission.SEND_MESSAGES;
  if (channel.type === 'announcement' && !has(permissions, Permission.MANAGE_MESSAGES))
    permissions &= ~Permission.SEND_MESSAGES;
  return permissions;
}

function applyOverwrites(
  base: number,
  community: CommunityRules,
  member: MemberRules,
  overwrites: readonly Overwrite[],
): number {
  let permissions = base;
  const everyone = overwrites.find(
    (overwrite) => overwrite.targetType === 'role' && overwrite.targetId === everyoneRoleId(community),
  );
  if (everyone) permissions = (permissions & ~everyone.deny) | everyone.allow;
  let deny = 0;
  let allow = 0;
  const roles = new Set(member.roleIds);
  for (const overwrite of overwrites) {
    if (overwrite.targetType === 'role' && roles.has(overwrite.targetId)) {
      deny |= overwrite.deny;
      allow |= overwrite.allow;
    }
  }
  permissions = (permissions & ~deny) | allow;
  const own = overwrites.find(
    (overwrite) => overwrite.targetType === 'member' && overwrite.targetId === member.userId,
  );
  if (own) permissions = (permissions & ~own.deny) | own.allow;
  return permissions;
}

/** The position of the member's highest role (owner: above every role; @everyone only: 0). */
export function highestPosition(community: CommunityRules, member: MemberRules): number {
  if (member.userId === community.ownerId) return Number.POSITIVE_INFINITY;
  const held = new Set(member.roleIds);
  let highest = 0;
  for (const role of community.roles)
    if (held.has(role.id) && role.position > highest) highest = role.position;
  return highest;
}

/** Whether `actor` may edit, delete, grant or revoke `role`: owner, or a role strictly above it. */
export const outranksRole = (
  community: CommunityRules,
  actor: MemberRules,
  role: Pick<RoleRules, 'position'>,
) => highestPosition(community, actor) > role.position;

/**
 * Whether `actor` may act on `target` (kick, ban, timeout, change their roles): never on oneself or the
 * owner; the owner on anyone; otherwise only with a highest role strictly above the target's.
 */
export function outranksMember(community: CommunityRules, actor: MemberRules, target: MemberRules): boolean {
  if (actor.userId === target.userId || target.userId === community.ownerId) return false;
  return highestPosition(community, actor) > highestPosition(community, target);
}

/**
 * The flags among `requested` that `actor` does not hold (community-wide): a member may only give a role
 * or an overwrite permissions they have themselves. Owner and administrators hold all.
 */
export const permissionsBeyond = (community: CommunityRules, actor: MemberRules, requested: number) =>
  requested & ~basePermissions(community, actor);
