import { forbidden } from '../../kernel/auth/auth-guard.ts';
import { ProblemError } from '../../kernel/errors/problem-error.ts';
import {
  CHANNEL_PERMISSIONS,
  effectivePermissions,
  has,
  namesOf,
  Permission,
  permissionsBeyond,
} from '../shared/community-permissions.ts';
import type { ChannelRow } from './chat-store.ts';
import type { CommunityScope } from './community-scope.ts';

/** The caller's permissions in a channel (with their timeout and the channel's overwrites). */
export const channelPermissions = (scope: CommunityScope, channel: ChannelRow) =>
  effectivePermissions(scope.rules, scope.member, { type: channel.type, overwrites: channel.overwrites });

export const canSee = (scope: CommunityScope, channel: ChannelRow) =>
  has(channelPermissions(scope, channel), Permission.VIEW_CHANNEL);

/**
 * The channels the caller sees: those they may view, and categories holding one of them. A category
 * with nothing visible inside shows only when empty or to channel managers (as on Discord), so hiding a
 * category's channels hides the category too.
 */
export function visibleChannels(scope: CommunityScope, channels: ChannelRow[]): ChannelRow[] {
  const seen = new Set(
    channels
      .filter((channel) => channel.type !== 'category' && canSee(scope, channel))
      .map((channel) => channel.id),
  );
  const parents = new Set(channels.map((channel) => channel.parent_id));
  const manages = has(scope.permissions, Permission.MANAGE_CHANNELS);
  for (const channel of channels) {
    if (channel.parent_id && seen.has(channel.id)) seen.add(channel.parent_id);
    if (channel.type === 'category' && (manages || !parents.has(channel.id)) && canSee(scope, channel))
      seen.add(channel.id);
  }
  return channels.filter((channel) => seen.has(channel.id));
}

export const channelNotFound = () =>
  new ProblemError(404, 'not_found', 'Not found', 'This channel does not exist');

/** A channel's parent must be a category of the same community; categories have none. */
export function checkParent(type: ChannelRow['type'], parent: ChannelRow | undefined | null): void {
  if (parent === null) return;
  if (type === 'category')
    throw new ProblemError(400, 'parent_invalid', 'Invalid category', 'A category cannot sit in a category');
  if (parent?.type !== 'category')
    throw new ProblemError(
      400,
      'parent_invalid',
      'Invalid category',
      'parentId must name a category of this community',
    );
}

/**
 * An overwrite allows and denies channel permissions only, never the same flag both ways, and only
 * flags the caller holds themselves (owner and administrators hold all).
 */
export function checkOverwrite(scope: CommunityScope, allow: number, deny: number): void {
  if ((allow | deny) & ~CHANNEL_PERMISSIONS)
    throw new ProblemError(
      400,
      'permission_not_channel_scoped',
      'Not a channel permission',
      `Overwrites may only set ${namesOf(CHANNEL_PERMISSIONS).join(', ')}`,
    );
  if (allow & deny)
    throw new ProblemError(
      400,
      'overwrite_conflict',
      'Allowed and denied',
      'A flag cannot be both allowed and denied',
    );
  const beyond = permissionsBeyond(scope.rules, scope.member, allow | deny);
  if (beyond) throw forbidden(`You do not hold ${namesOf(beyond).join(', ')} yourself`);
}
