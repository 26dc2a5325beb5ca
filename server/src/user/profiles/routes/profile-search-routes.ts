import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import { decodeCursor, encodeCursor } from '../pagination-cursor.ts';
import { SearchPage, SearchQuery } from '../profile-schemas.ts';
import { searchProfiles } from '../profile-store.ts';
import type { ProfilesDb } from '../profile-tables.ts';
import { summaryView } from '../profile-views.ts';

/** Finding people by username or display name. Private and suspended profiles never appear. */
export function profileSearchRoutes(app: VezaHttp, ctx: ServiceContext<ProfilesDb>): void {
  app.get(
    '/profiles',
    {
      schema: {
        summary: 'Search public profiles by username or display name',
        querystring: SearchQuery,
        response: { 200: SearchPage, ...problemResponses(400) },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 20;
      const rows = await searchProfiles(
        ctx.db,
        request.query.q?.trim() ?? '',
        decodeCursor(request.query.cursor),
        limit,
      );
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map(summaryView),
        nextCursor:
          rows.length > limit && last
            ? encodeCursor({ username: last.username.toLowerCase(), id: last.user_id })
            : null,
      };
    },
  );
}
