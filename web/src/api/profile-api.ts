import { api, unwrap } from './api-client.ts';
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

/** Approves someone by username (the API also takes an account id). */
export async function approveViewerByUsername(username: string): Promise<void> {
  await unwrap(api.PUT('/api/v1/profiles/me/viewers/{viewer}', { params: { path: { viewer: username } } }));
}

export const removeApprovedViewer = (userId: string) =>
  unwrap(api.DELETE('/api/v1/profiles/me/viewers/{userId}', { params: { path: { userId } } }));
