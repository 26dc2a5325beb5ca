import { Type } from 'typebox';

/**
 * The profiles API's shapes. Length limits live here so that the OpenAPI document states them; rules a
 * schema cannot express (trimming, URL schemes, duplicate genres) are in profile-edit-rules.ts.
 */
export const LIMITS = {
  displayName: 50,
  bio: 1000,
  location: 100,
  links: 5,
  linkLabel: 40,
  linkUrl: 2048,
  genres: 10,
  genre: 30,
} as const;

const url = Type.String({ description: 'Path of the image (served by GET /api/v1/profiles/media/*)' });

export const AvatarUrls = Type.Object(
  { small: url, medium: url, large: url },
  { description: 'Square WebP: small 64 px, medium 256 px, large 512 px' },
);
export const BannerUrls = Type.Object(
  { small: url, large: url },
  { description: 'WebP: small 750×250, large 1500×500' },
);

export const ProfileLinkSchema = Type.Object(
  {
    label: Type.String({ minLength: 1, maxLength: LIMITS.linkLabel }),
    url: Type.String({ minLength: 1, maxLength: LIMITS.linkUrl, description: 'http or https URL' }),
  },
  { additionalProperties: false },
);

/** What the owner, approved viewers and moderators see; and anyone when the profile is public. */
export const FullProfile = Type.Object({
  id: Type.String({ format: 'uuid' }),
  username: Type.String(),
  displayName: Type.String(),
  bio: Type.String(),
  links: Type.Array(ProfileLinkSchema),
  location: Type.String(),
  genres: Type.Array(Type.String()),
  private: Type.Boolean(),
  limited: Type.Literal(false),
  avatar: Type.Union([AvatarUrls, Type.Null()]),
  banner: Type.Union([BannerUrls, Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

/** What everyone else sees of a private profile: name and avatar only. */
export const LimitedProfile = Type.Object({
  username: Type.String(),
  displayName: Type.String(),
  avatar: Type.Union([AvatarUrls, Type.Null()]),
  private: Type.Literal(true),
  limited: Type.Literal(true),
});

export const ProfileView = Type.Union([FullProfile, LimitedProfile], {
  description: '`limited: true` when the profile is private and the caller is not approved',
});

export const ProfileEdit = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: LIMITS.displayName })),
    bio: Type.Optional(Type.String({ maxLength: LIMITS.bio })),
    links: Type.Optional(Type.Array(ProfileLinkSchema, { maxItems: LIMITS.links })),
    location: Type.Optional(Type.String({ maxLength: LIMITS.location })),
    genres: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: LIMITS.genre }), { maxItems: LIMITS.genres }),
    ),
    private: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, description: 'Only the fields sent change' },
);

/** A line in search results and in the approved-viewers list. */
export const ProfileSummary = Type.Object({
  id: Type.String({ format: 'uuid' }),
  username: Type.String(),
  displayName: Type.String(),
  avatar: Type.Union([AvatarUrls, Type.Null()]),
});

export const SearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 50, description: 'Part of a username or display name' })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
});
export const ListQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
});

export const SearchPage = Type.Object({
  items: Type.Array(ProfileSummary),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export const ApprovedViewer = Type.Object({
  ...ProfileSummary.properties,
  approvedAt: Type.String({ format: 'date-time' }),
});
export const ViewersPage = Type.Object({
  items: Type.Array(ApprovedViewer),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export const UsernameParams = Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }) });
export const ViewerParams = Type.Object({ userId: Type.String({ format: 'uuid' }) });
/** Approving takes a username too: someone whose own profile is private shows strangers no id. */
export const ApproveViewerParams = Type.Object({
  viewer: Type.String({ minLength: 1, maxLength: 64, description: 'A user id or a username' }),
});
