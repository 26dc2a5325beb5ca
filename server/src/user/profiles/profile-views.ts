import type { Static } from 'typebox';
import { imageUrls } from './image-urls.ts';
import type {
  AvatarUrls,
  BannerUrls,
  FullProfile,
  LimitedProfile,
  ProfileSummary,
} from './profile-schemas.ts';
import type { ProfileRow } from './profile-store.ts';

/** Rows to API shapes. The limited view is built field by field so nothing private can slip into it. */
const avatarOf = (row: ProfileRow) =>
  imageUrls(row.user_id, 'avatar', row.avatar_version) as Static<typeof AvatarUrls> | null;

export const fullView = (row: ProfileRow): Static<typeof FullProfile> => ({
  id: row.user_id,
  username: row.username,
  displayName: row.display_name,
  bio: row.bio,
  links: row.links,
  location: row.location,
  genres: row.genres,
  private: row.private,
  limited: false,
  avatar: avatarOf(row),
  banner: imageUrls(row.user_id, 'banner', row.banner_version) as Static<typeof BannerUrls> | null,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export const limitedView = (row: ProfileRow): Static<typeof LimitedProfile> => ({
  username: row.username,
  displayName: row.display_name,
  avatar: avatarOf(row),
  private: true,
  limited: true,
});

export const summaryView = (row: ProfileRow): Static<typeof ProfileSummary> => ({
  id: row.user_id,
  username: row.username,
  displayName: row.display_name,
  avatar: avatarOf(row),
});
