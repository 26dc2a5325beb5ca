import { ApiError } from './api-error.ts';
import { requestJson } from './json-request.ts';
import type {
  ApprovedViewer,
  FullProfile,
  ProfileImageKind,
  ProfileUpdate,
  ProfileView,
} from './profile-types.ts';

/** Public profiles, the signed-in user's own profile, its images and the viewers of a private profile. */
const PROFILES = '/api/v1/profiles';
const MINE = `${PROFILES}/me`;

export const fetchProfile = (username: string) =>
  requestJson<ProfileView>(`${PROFILES}/${encodeURIComponent(username)}`);

export const fetchMyProfile = () => requestJson<FullProfile>(MINE);

export const updateMyProfile = (update: ProfileUpdate) =>
  requestJson<FullProfile>(MINE, { method: 'PATCH', body: update });

/** Sends the image file itself as the body, with its own Content-Type (PNG, JPEG or WebP). */
export const uploadProfileImage = (kind: ProfileImageKind, file: Blob) =>
  requestJson<FullProfile>(`${MINE}/${kind}`, { method: 'PUT', body: file });

export const removeProfileImage = (kind: ProfileImageKind) =>
  requestJson<FullProfile>(`${MINE}/${kind}`, { method: 'DELETE' });

export const listApprovedViewers = () =>
  requestJson<{ items: ApprovedViewer[]; nextCursor: string | null }>(`${MINE}/viewers`, {
    query: { limit: 100 },
  });

/**
 * Approves someone by username. The API takes an account id, read from their profile; a private profile
 * does not show its id to strangers, so its owner cannot be approved this way.
 */
export async function approveViewerByUsername(username: string): Promise<void> {
  const profile = await fetchProfile(username);
  if (profile.limited)
    throw new ApiError({
      status: 400,
      code: 'viewer_private',
      title: 'Cannot approve',
      detail: `@${profile.username}'s own profile is private, so they cannot be looked up by username.`,
    });
  await requestJson<void>(`${MINE}/viewers/${encodeURIComponent(profile.id)}`, { method: 'PUT' });
}

export const removeApprovedViewer = (userId: string) =>
  requestJson<void>(`${MINE}/viewers/${encodeURIComponent(userId)}`, { method: 'DELETE' });
