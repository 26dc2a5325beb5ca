import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { isApprovedViewer, type ProfileRow } from './profile-store.ts';
import type { ProfilesDb } from './profile-tables.ts';

/**
 * Who sees what of a profile:
 * - a suspended account's profile is hidden (404) from everyone but moderators (`users:view`);
 * - a private profile is seen in full by its owner, the viewers the owner approved and moderators;
 *   everyone else (signed in or not) gets the limited view: name and avatar.
 */
export type Visibility = 'hidden' | 'limited' | 'full';

export async function visibilityOf(
  db: Kysely<ProfilesDb>,
  request: FastifyRequest,
  profile: ProfileRow,
): Promise<Visibility> {
  const viewer = request.auth;
  const moderator = viewer?.permissions.has('users:view') ?? false;
  if (profile.suspended) return moderator ? 'full' : 'hidden';
  if (!profile.private || moderator || viewer?.sub === profile.user_id) return 'full';
  if (viewer && (await isApprovedViewer(db, profile.user_id, viewer.sub))) return 'full';
  return 'limited';
}
