/** Shapes of the profiles API (service `profiles`). */

export type ProfileLink = { label: string; url: string };

/** Image URLs by standard size name (`small`, `medium`, `large`), or null when none was uploaded. */
export type ImageUrls = Record<string, string> | null;

export type Profile = {
  userId: string;
  username: string;
  displayName: string;
  avatar: ImageUrls;
  /** False when the profile is private and the viewer is not approved: only name and avatar are shown. */
  visible?: boolean;
  bio?: string;
  links?: ProfileLink[];
  location?: string;
  genres?: string[];
  banner?: ImageUrls;
  private?: boolean;
};

export type ProfileUpdate = {
  displayName?: string;
  bio?: string;
  links?: ProfileLink[];
  location?: string;
  genres?: string[];
  private?: boolean;
};

export type ApprovedViewer = {
  userId: string;
  username: string;
  displayName?: string;
  approvedAt: string;
};

export type ProfileImageKind = 'avatar' | 'banner';
