import type { BodyOf, ResponseOf } from './api-shapes.ts';

/** Shapes of the profiles API (service `profiles`), from the generated SDK. */

export type ProfileView = ResponseOf<'/api/v1/profiles/{username}', 'get'>;

/** What the owner, approved viewers and moderators see; and anyone when the profile is public. */
export type FullProfile = ResponseOf<'/api/v1/profiles/me', 'get'>;

/** What everyone else sees of a private profile: name and avatar only. */
export type LimitedProfile = Extract<ProfileView, { limited: true }>;

export type ProfileLink = FullProfile['links'][number];

/** Image paths by standard size name (avatar: small, medium, large; banner: small, large), or null. */
export type ImageUrls = Partial<Record<'small' | 'medium' | 'large', string>> | null;

export type ProfileUpdate = BodyOf<'/api/v1/profiles/me', 'patch'>;

export type ApprovedViewer = ResponseOf<'/api/v1/profiles/me/viewers', 'get'>['items'][number];

export type ProfileImageKind = 'avatar' | 'banner';

/** The server's limits (profile-schemas.ts), repeated so forms stop people before the server does. */
export const PROFILE_LIMITS = {
  displayName: 50,
  bio: 1000,
  location: 100,
  links: 5,
  linkLabel: 40,
  genres: 10,
  genre: 30,
} as const;
