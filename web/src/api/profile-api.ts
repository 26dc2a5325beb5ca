import { requestJson } from './json-request.ts';
import type { ApprovedViewer, Profile, ProfileImageKind, ProfileUpdate } from './profile-types.ts';

/** Public profiles, the signed-in user's own profile, its images and the viewers of a private profile. */
const PROFILES = '/api/v1/profiles';
const MINE = `${PROFILES}/me`;

export const fetchProfile = (username: string) =>
  requestJson<Profile>(`${PROFILES}/${encodeURIComponent(username)}`);

export const fetchMyProfile = () => requestJson<Profile>(MINE);

export const updateMyProfile = (update: ProfileUpdate) =>
  requestJson<Profile>(MINE, { method: 'PATCH', body: update });

/** Sends the image file as the request body (its Content-Type is the file's type). */
export const uploadProfileImage = (kind: ProfileImageKind, file: Blob) =>
  requestJson<Profile>(`${MINE}/${kind}`, { method: 'PUT', body: file });

export const removeProfileImage = (kind: ProfileImageKind) =>
  requestJson<void>(`${MINE}/${kind}`, { method: 'DELETE' });

export const listApprovedViewers = () => requestJson<{ items: ApprovedViewer[] }>(`${MINE}/viewers`);

export const approveViewer = (username: string) =>
  requestJson<void>(`${MINE}/viewers/${encodeURIComponent(username)}`, { method: 'PUT' });

export const removeApprovedViewer = (username: string) =>
  requestJson<void>(`${MINE}/viewers/${encodeURIComponent(username)}`, { method: 'DELETE' });
