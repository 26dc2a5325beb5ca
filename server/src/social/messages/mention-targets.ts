import type { WriteTransaction } from '../../kernel/service-module.ts';
import type { ChannelType } from '../shared/community-permissions.ts';
import { effectivePermissions, has, Permission } from '../shared/community-permissions.ts';
import type { ChannelAccess } from './channel-access.ts';
import { memberRules, presentMembers } from './channel-access.ts';
import type { WrittenMentions } from './mentions.ts';
import type { MessagesDb } from './message-tables.ts';

/**
 * The mentions a message keeps (shown to clients) and whom it notifies: named users, holders of named
 * roles and, for @everyone (only with MENTION_EVERYONE, else it is plain text), every member — each only if
 * they can see the channel, never the author, and never someone who blocked the author.
 */
export async function resolveMentions(
  tx: WriteTransaction<MessagesDb>,
  access: ChannelAccess,
  authorId: string,
  written: WrittenMentions,
  now: Date,
): Promise<{ kept: WrittenMentions; notified: string[] }> {
  const { channel, community } = access;
  const everyone =
    written.everyone && community !== null && has(access.permissions, Permission.MENTION_EVERYONE);
  const roles = community ? written.roles.filter((id) => community.roles.some((role) => role.id === id)) : [];
  const kept = { users: written.users, roles, everyone };
  let candidates: string[];
  if (!community) {
    const participants = await tx.db
      .selectFrom('dm_participants')
      .select('user_id')
      .where('channel_id', '=', channel.id)
      .execute();
    const named = new Set(written.users);
    candidates = participants.map((row) => row.user_id).filter((id) => named.has(id));
  } else {
    if (!everyone && roles.length === 0 && written.users.length === 0) return { kept, notified: [] };
    let query = presentMembers(tx.db, community.id);
    if (!everyone && roles.length === 0) query = query.where('user_id', 'in', written.users);
    const rows = await query.execute();
    const named = new Set(written.users);
    const rules = { type: channel.type as ChannelType, overwrites: channel.overwrites };
    candidates = rows
      .filter(
        (row) => everyone || named.has(row.user_id) || row.role_ids.some((roleId) => roles.includes(roleId)),
      )
      .filter((row) =>
        has(
          effectivePermissions(community, memberRules(community, row), rules, now),
          Permission.VIEW_CHANNEL,
        ),
      )
      .map((row) => row.user_id);
  }
  candidates = candidates.filter((id) => id !== authorId);
  if (candidates.length === 0) return { kept, notified: [] };
  const blockers = new Set(
    (
      await tx.db
        .selectFrom('blocks')
        .select('blocker_id')
        .where('blocked_id', '=', authorId)
        .where('blocker_id', 'in', candidates)
        .execute()
    ).map((row) => row.blocker_id),
  );
  return { kept, notified: candidates.filter((id) => !blockers.has(id)) };
}
