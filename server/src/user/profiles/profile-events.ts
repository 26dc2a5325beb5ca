/**
 * Events the profiles service appends (source `profiles`, stream `profile-<userId>`): the audit trail of
 * profile changes, and what other services (search index, feed) can build read models from.
 */
export const profileStream = (userId: string) => `profile-${userId}`;

export type ProfileEvent =
  | { type: 'ProfileCreated'; data: { id: string; username: string; displayName: string } }
  | { type: 'ProfileUpdated'; data: { id: string; changes: Record<string, unknown> } }
  | { type: 'ProfileImageChanged'; data: { id: string; kind: 'avatar' | 'banner'; version: string | null } }
  | { type: 'ProfileViewerApproved'; data: { id: string; viewerId: string } }
  | { type: 'ProfileViewerRemoved'; data: { id: string; viewerId: string } }
  | { type: 'ProfileSuspended'; data: { id: string } }
  | { type: 'ProfileRestored'; data: { id: string } }
  | { type: 'ProfileDeleted'; data: { id: string } };

/** The account events (source `auth`) profiles follow. */
export interface AccountEventData {
  UserRegistered: { id: string; username: string };
  UserDeleted: { id: string };
  UserSuspended: { reason?: string };
  UserRestored: Record<string, never>;
}
