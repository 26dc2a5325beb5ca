import type { ServiceContext } from '../../kernel/service-module.ts';
import type { ProfilesDb } from './profile-tables.ts';
import { fullView } from './profile-views.ts';

/** The profiles part of a user's data export: their profile as its owner sees it, and whom they approved. */
export async function exportProfile(ctx: ServiceContext<ProfilesDb>, _state: undefined, userId: string) {
  const row = await ctx.db
    .selectFrom('profiles')
    .selectAll()
    .where('user_id', '=', userId)
    .executeTakeFirst();
  const approved = await ctx.db
    .selectFrom('approved_viewers')
    .select(['viewer_id', 'approved_at'])
    .where('owner_id', '=', userId)
    .orderBy('approved_at')
    .execute();
  return {
    profile: row ? fullView(row) : null,
    approvedViewers: approved.map((viewer) => ({
      userId: viewer.viewer_id,
      approvedAt: viewer.approved_at.toISOString(),
    })),
  };
}
