import { Type } from 'typebox';

/** The messages API's shapes; limits live here so that the OpenAPI document states them. */
export const CONTENT_MAX = 4000;

const id = Type.String({ format: 'uuid' });
const instant = Type.String({ format: 'date-time' });
const content = Type.String({
  minLength: 1,
  maxLength: CONTENT_MAX,
  description: 'Mentions: <@userId>, <@&roleId>, @everyone (needs MENTION_EVERYONE)',
});
export const emoji = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^\\S+$',
  description: 'A Unicode emoji, or a custom one’s name',
});

export const ChannelParams = Type.Object({ channelId: id });
export const MessageParams = Type.Object({ messageId: id });
export const ReactionParams = Type.Object({ messageId: id, emoji });
export const ReactionUserParams = Type.Object({ messageId: id, emoji, userId: id });
export const UserParams = Type.Object({ userId: id });

export const PageQuery = Type.Object({
  before: Type.Optional(id),
  after: Type.Optional(id),
  around: Type.Optional(id),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
});

export const NewMessage = Type.Object(
  { content, replyToId: Type.Optional(Type.Union([id, Type.Null()])) },
  { additionalProperties: false },
);
export const MessageEdit = Type.Object({ content }, { additionalProperties: false });

export const Message = Type.Object({
  id,
  channelId: id,
  communityId: Type.Union([id, Type.Null()]),
  authorId: id,
  content: Type.String(),
  replyToId: Type.Union([id, Type.Null()]),
  mentions: Type.Object({
    users: Type.Array(id),
    roles: Type.Array(id),
    everyone: Type.Boolean(),
  }),
  pinned: Type.Boolean(),
  reactions: Type.Array(
    Type.Object({
      emoji: Type.String(),
      count: Type.Integer(),
      me: Type.Optional(Type.Boolean({ description: 'Whether you reacted with it' })),
    }),
  ),
  createdAt: instant,
  editedAt: Type.Union([instant, Type.Null()]),
});
export const MessageList = Type.Object({ items: Type.Array(Message) });

export const MessageEditList = Type.Object({
  items: Type.Array(Type.Object({ version: Type.Integer(), content: Type.String(), replacedAt: instant })),
});

export const ReactionUsers = Type.Object({
  items: Type.Array(Type.Object({ userId: id, reactedAt: instant })),
});

export const Ack = Type.Object({ messageId: id }, { additionalProperties: false });
export const ReadState = Type.Object({
  channelId: id,
  communityId: Type.Union([id, Type.Null()]),
  lastReadMessageId: Type.Union([id, Type.Null()]),
  lastMessageId: Type.Union([id, Type.Null()]),
  unreadCount: Type.Integer({ description: 'Messages by others after your read point' }),
  mentionCount: Type.Integer({ description: 'Of those, the ones that mentioned you' }),
});
export const ReadStateList = Type.Object({ items: Type.Array(ReadState) });

export const NewDm = Type.Object(
  {
    userIds: Type.Array(id, {
      minItems: 1,
      maxItems: 9,
      uniqueItems: true,
      description: 'One user: a DM (the existing one if any); up to 9: a group DM',
    }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);
export const DmChannel = Type.Object({
  id,
  type: Type.Union([Type.Literal('dm'), Type.Literal('group_dm')]),
  ownerId: Type.Union([id, Type.Null()]),
  name: Type.Union([Type.String(), Type.Null()]),
  participantIds: Type.Array(id),
  lastMessageId: Type.Union([id, Type.Null()]),
});
export const DmChannelList = Type.Object({ items: Type.Array(DmChannel) });

export const BlockList = Type.Object({ items: Type.Array(Type.Object({ userId: id, blockedAt: instant })) });

export const SearchQuery = Type.Object({
  q: Type.String({
    minLength: 1,
    maxLength: 200,
    description: 'Web search syntax: words, "phrases", -excluded, or',
  }),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 25 })),
  before: Type.Optional(id),
});
export const CommunityParams = Type.Object({ communityId: id });
