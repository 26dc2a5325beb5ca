import { sql } from 'kysely';
import { requireUser, secured } from '../../../kernel/auth/auth-guard.ts';
import { notFound } from '../../../kernel/errors/problem-error.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import {
  type ChannelType,
  effectivePermissions,
  has,
  Permission,
} from '../../shared/community-permissions.ts';
import { loadCommunityRules, memberRules, presentMembers } from '../channel-access.ts';
import { CommunityParams, MessageList, SearchQuery } from '../message-schemas.ts';
import type { MessagesDb } from '../message-tables.ts';
import { viewMessages } from './message-view.ts';

const READABLE = Permission.VIEW_CHANNEL | Permission.READ_HISTORY;

/**
 * Search within a community with PostgreSQL full text (the `simple` configuration: no stemming, chat mixes
 * languages), over the channels whose history the caller may read, newest first.
 */
export function searchRoutes(app: VezaHttp, ctx: ServiceContext<MessagesDb>): void {
  app.get(
    '/messages/communities/:communityId/search',
    {
      schema: {
        summary: 'Messages of the community matching a web-style query, newest first (`before` pages on)',
        ...secured(),
        params: CommunityParams,
        querystring: SearchQuery,
        response: { 200: MessageList, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const userId = requireUser(request).sub;
      const { communityId } = request.params;
      const community = await loadCommunityRules(ctx.db, communityId);
      const row = community
        ? await presentMembers(ctx.db, communityId).where('user_id', '=', userId).executeTakeFirst()
        : undefined;
      if (!community || !row) throw notFound('This community');
      const member = memberRules(community, row);
      const now = new Date();
      const channels = (
        await ctx.db
          .selectFrom('channels')
          .select(['id', 'type', 'overwrites'])
          .where('community_id', '=', communityId)
          .where('deleted', '=', false)
          .execute()
      ).filter((channel) =>
        has(
          effectivePermissions(
            community,
            member,
            { type: channel.type as ChannelType, overwrites: channel.overwrites },
            now,
          ),
          READABLE,
        ),
      );
      if (channels.length === 0) return { items: [] };
      const { q, limit = 25, before } = request.query;
      let query = ctx.db
        .selectFrom('messages')
        .selectAll()
        .where(
          'channel_id',
          'in',
          channels.map((channel) => channel.id),
        )
        .where(sql<boolean>`to_tsvector('simple', content) @@ websearch_to_tsquery('simple', ${q})`);
      if (before) query = query.where('id', '<', before);
      const rows = await query.orderBy('id', 'desc').limit(limit).execute();
      return { items: await viewMessages(ctx.db, rows, userId) };
    },
  );
}
