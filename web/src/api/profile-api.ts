import { api, unwrap } from './api-client.ts';
import { ApiError } from './api-error.ts';
import { requestJson } from './json-request.ts';
import type { FullProfile, ProfileImageKind, ProfileUpdate } from './profile-types.ts';

/** Public profiles, the signed-in user's own profile, its images and the viewers of a private profile. */

export const fetchProfile = (username: string) =>
  unwrap(api.GET('/api/v1/profiles/{username}', { params: { path: { username } } }));

export const fetchMyProfile = () => unwrap(api.GET('/api/v1/profiles/me'));

export const updateMyProfile = (update: ProfileUpdate) =>
  unwrap(api.PATCH('/api/v1/profiles/me', { body: update }));

/**
 * Sends the image file itself as the body, with its own Content-Type (PNG, JPEG or WebP). Through the
 * JSON helper, which passes a Blob body as it is (the SDK would serialize it as JSON).
 */
export const uploadProfileImage = (kind: ProfileImageKind, file: Blob) =>
  requestJson<FullProfile>(`/api/v1/profiles/me/${kind}`, { method: 'PUT', body: file });

export const removeProfileImage = (kind: ProfileImageKind) =>
  kind === 'avatar'
    ? unwrap(api.DELETE('/api/v1/profiles/me/avatar'))
    : unwrap(api.DELETE('/api/v1/profiles/me/banner'));

export const listApprovedViewers = () =>
  unwrap(api.GET('/api/v1/profiles/me/viewers', { params: { query: { limit: 100 } } }));

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
  await unwrap(api.PUT('/api/v1/profiles/me/viewers/{userId}', { params: { path: { userId: profile.id } } }));
}

export const removeApprovedViewer = (userId: string) =>
  unwrap(api.DELETE('/api/v1/profiles/me/viewers/{userId}', { params: { path: { userId } } }));
