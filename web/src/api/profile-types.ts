/** Shapes of the profiles API (service `profiles`). */

export type ProfileLink = { label: string; url: string };

/** Image paths by standard size name (avatar: small, medium, large; banner: small, large). */
export type ImageUrls = Record<string, string> | null;

/** What the owner, approved viewers and moderators see; and anyone when the profile is public. */
export type FullProfile = {
  id: string;
  username: string;
  displayName: string;
  bio: string;
  links: ProfileLink[];
  location: string;
  genres: string[];
  private: boolean;
  limited: false;
  avatar: ImageUrls;
  banner: ImageUrls;
  createdAt: string;
  updatedAt: string;
};

/** What everyone else sees of a private profile: name and avatar only. */
export type LimitedProfile = {
  username: string;
  displayName: string;
  avatar: ImageUrls;
  private: true;
  limited: true;
};

export type ProfileView = FullProfile | LimitedProfile;

export type ProfileUpdate = {
  displayName?: string;
  bio?: string;
  links?: ProfileLink[];
  location?: string;
  genres?: string[];
  private?: boolean;
};

export type ProfileSummary = { id: string; username: string; displayName: string; avatar: ImageUrls };

export type ApprovedViewer = ProfileSummary & { approvedAt: string };

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
