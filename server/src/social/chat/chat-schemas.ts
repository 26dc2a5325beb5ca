import { Type } from 'typebox';
import { ALL_PERMISSIONS } from '../shared/community-permissions.ts';

/** The chat API's shapes. Limits live here so that the OpenAPI document states them. */
export const LIMITS = {
  communityName: 100,
  description: 1000,
  channelName: 100,
  topic: 1024,
  roleName: 100,
  reason: 512,
  slowmodeSeconds: 21600,
  /** Per community: beyond this, creating answers 409 limit_reached. */
  roles: 250,
  channels: 500,
} as const;

const id = Type.String({ format: 'uuid' });
const permissions = Type.Integer({
  minimum: 0,
  maximum: ALL_PERMISSIONS,
  description: 'Bitfield of permission flags (docs/api/chat.md)',
});
const instant = Type.String({ format: 'date-time' });
const page = <T extends ReturnType<typeof Type.Object>>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });

export const ListQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
});

export const CommunityParams = Type.Object({ communityId: id });
export const ChannelParams = Type.Object({ communityId: id, channelId: id });
export const RoleParams = Type.Object({ communityId: id, roleId: id });
export const MemberParams = Type.Object({ communityId: id, userId: id });
export const MemberRoleParams = Type.Object({ communityId: id, userId: id, roleId: id });
export const OverwriteParams = Type.Object({ communityId: id, channelId: id, targetId: id });
export const InviteParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) });

export const Community = Type.Object({
  id,
  name: Type.String(),
  description: Type.String(),
  ownerId: id,
  memberCount: Type.Integer(),
  /** The caller's community-wide permissions. */
  permissions: Type.Integer(),
  createdAt: instant,
});
export const CommunityPage = page(Community);

export const NewCommunity = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: LIMITS.communityName }),
    description: Type.Optional(Type.String({ maxLength: LIMITS.description })),
  },
  { additionalProperties: false },
);
export const CommunityChanges = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: LIMITS.communityName })),
    description: Type.Optional(Type.String({ maxLength: LIMITS.description })),
  },
  { additionalProperties: false, description: 'Only the fields sent change' },
);
export const OwnerTransfer = Type.Object({ userId: id }, { additionalProperties: false });

export const OverwriteSchema = Type.Object({
  targetType: Type.Union([Type.Literal('role'), Type.Literal('member')]),
  targetId: id,
  allow: permissions,
  deny: permissions,
});
export const OverwriteBody = Type.Object(
  {
    targetType: Type.Union([Type.Literal('role'), Type.Literal('member')]),
    allow: permissions,
    deny: permissions,
  },
  { additionalProperties: false },
);

const channelType = Type.Union(
  [Type.Literal('category'), Type.Literal('text'), Type.Literal('announcement'), Type.Literal('tracks')],
  { description: 'announcement: only MANAGE_MESSAGES may post; tracks: messages render track embeds' },
);

export const Channel = Type.Object({
  id,
  type: channelType,
  name: Type.String(),
  topic: Type.String(),
  parentId: Type.Union([id, Type.Null()]),
  position: Type.Integer(),
  slowmodeSeconds: Type.Integer(),
  overwrites: Type.Array(OverwriteSchema),
  /** The caller's permissions in this channel. */
  permissions: Type.Integer(),
});
export const ChannelList = Type.Object({ items: Type.Array(Channel) });

const channelName = Type.String({ minLength: 1, maxLength: LIMITS.channelName });
const slowmode = Type.Integer({ minimum: 0, maximum: LIMITS.slowmodeSeconds });
export const NewChannel = Type.Object(
  {
    name: channelName,
    type: channelType,
    topic: Type.Optional(Type.String({ maxLength: LIMITS.topic })),
    parentId: Type.Optional(Type.Union([id, Type.Null()])),
    slowmodeSeconds: Type.Optional(slowmode),
  },
  { additionalProperties: false },
);
export const ChannelChanges = Type.Object(
  {
    name: Type.Optional(channelName),
    topic: Type.Optional(Type.String({ maxLength: LIMITS.topic })),
    parentId: Type.Optional(Type.Union([id, Type.Null()])),
    slowmodeSeconds: Type.Optional(slowmode),
  },
  { additionalProperties: false, description: 'Only the fields sent change; the type never does' },
);
export const ChannelOrder = Type.Object(
  {
    channelIds: Type.Array(id, {
      maxItems: LIMITS.channels,
      description: 'Every channel of the community, categories included, in display order',
    }),
  },
  { additionalProperties: false },
);

export const Role = Type.Object({
  id,
  name: Type.String(),
  permissions: Type.Integer(),
  position: Type.Integer(),
  color: Type.Union([Type.String(), Type.Null()]),
});
export const RoleList = Type.Object({ items: Type.Array(Role) });
const color = Type.Union([Type.String({ pattern: '^#[0-9a-fA-F]{6}$' }), Type.Null()]);
export const NewRole = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: LIMITS.roleName }),
    permissions: Type.Optional(permissions),
    color: Type.Optional(color),
  },
  { additionalProperties: false },
);
export const RoleChanges = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: LIMITS.roleName })),
    permissions: Type.Optional(permissions),
    color: Type.Optional(color),
  },
  { additionalProperties: false, description: 'Only the fields sent change' },
);
export const RoleOrder = Type.Object(
  {
    roleIds: Type.Array(id, {
      maxItems: LIMITS.roles,
      description: 'Every role but @everyone, lowest first (positions 1, 2, …)',
    }),
  },
  { additionalProperties: false },
);

export const Member = Type.Object({
  userId: id,
  username: Type.String(),
  roleIds: Type.Array(id),
  joinedAt: instant,
  timedOutUntil: Type.Union([instant, Type.Null()]),
  owner: Type.Boolean(),
});
export const MemberPage = page(Member);

export const Reason = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: LIMITS.reason })) },
  { additionalProperties: false },
);
export const ReasonQuery = Type.Object({ reason: Type.Optional(Type.String({ maxLength: LIMITS.reason })) });
export const Timeout = Type.Object(
  {
    until: Type.String({ format: 'date-time', description: 'In the future, at most 28 days ahead' }),
    reason: Type.Optional(Type.String({ maxLength: LIMITS.reason })),
  },
  { additionalProperties: false },
);
export const Ban = Type.Object({
  userId: id,
  username: Type.String(),
  moderatorId: id,
  reason: Type.Union([Type.String(), Type.Null()]),
  createdAt: instant,
});
export const BanPage = page(Ban);

export const NewInvite = Type.Object(
  {
    maxUses: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    expiresInSeconds: Type.Optional(Type.Integer({ minimum: 60, maximum: 30 * 86400 })),
  },
  { additionalProperties: false, description: 'Without either, the invite never expires' },
);
export const Invite = Type.Object({
  code: Type.String(),
  communityId: id,
  creatorId: id,
  maxUses: Type.Union([Type.Integer(), Type.Null()]),
  uses: Type.Integer(),
  expiresAt: Type.Union([instant, Type.Null()]),
  createdAt: instant,
});
export const InviteList = Type.Object({ items: Type.Array(Invite) });
export const InvitePreview = Type.Object({
  code: Type.String(),
  community: Type.Object({
    id,
    name: Type.String(),
    description: Type.String(),
    memberCount: Type.Integer(),
  }),
  expiresAt: Type.Union([instant, Type.Null()]),
});

export const AuditQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 20 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  type: Type.Optional(Type.String({ maxLength: 40, description: 'Only entries of this event type' })),
});
export const AuditEntry = Type.Object({
  id: Type.String({ description: 'The event id' }),
  type: Type.String({ description: 'The event type (docs/api/chat.md)' }),
  actorId: Type.Union([id, Type.Null()]),
  targetId: Type.Union([Type.String(), Type.Null()], {
    description: 'The member, role, channel or invite acted on',
  }),
  reason: Type.Union([Type.String(), Type.Null()]),
  data: Type.Unknown(),
  occurredAt: instant,
});
export const AuditPage = page(AuditEntry);
