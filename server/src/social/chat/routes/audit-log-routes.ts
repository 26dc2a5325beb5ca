import type { Kysely } from 'kysely';
import { secured } from '../../../kernel/auth/auth-guard.ts';
import { ProblemError } from '../../../kernel/errors/problem-error.ts';
import type { KernelTables } from '../../../kernel/events/event-store-tables.ts';
import type { EventMetadata } from '../../../kernel/events/event-types.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import { communityStream } from '../../shared/chat-events.ts';
import { Permission } from '../../shared/community-permissions.ts';
import { AuditPage, AuditQuery, CommunityParams } from '../chat-schemas.ts';
import type { ChatDb } from '../chat-tables.ts';
import { readScope, requireAny } from '../community-scope.ts';

/** What an entry acted on: the member, role, channel or invite its event names. */
function targetOf(data: Record<string, unknown>): string | null {
  const nested = (data.role ?? data.channel) as { id?: string } | undefined;
  const target = data.userId ?? data.roleId ?? data.channelId ?? nested?.id ?? data.code;
  return typeof target === 'string' ? target : null;
}

/**
 * The moderation log is the community's event stream, newest first: the service's own event store is
 * the audit trail (ARCHITECTURE §3), so nothing is written twice. The cursor is a stream version.
 */
export function auditLogRoutes(app: VezaHttp, ctx: ServiceContext<ChatDb>): void {
  const events = (ctx.db as unknown as Kysely<KernelTables>).withSchema(ctx.name);
  app.get(
    '/communities/:communityId/audit-log',
    {
      schema: {
        summary:
          'Who did what to whom, newest first (MANAGE_COMMUNITY, KICK_MEMBERS, BAN_MEMBERS or MODERATE_MEMBERS)',
        ...secured(),
        params: CommunityParams,
        querystring: AuditQuery,
        response: { 200: AuditPage, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const scope = await readScope(ctx, request, request.params.communityId);
      requireAny(
        scope,
        Permission.MANAGE_COMMUNITY,
        Permission.KICK_MEMBERS,
        Permission.BAN_MEMBERS,
        Permission.MODERATE_MEMBERS,
      );
      const { cursor, type } = request.query;
      const limit = request.query.limit ?? 50;
      const before = cursor === undefined ? null : Number(cursor);
      if (before !== null && !(Number.isInteger(before) && before > 0))
        throw new ProblemError(
          400,
          'cursor_invalid',
          'Invalid cursor',
          'Pass the nextCursor of a previous page',
        );
      let query = events
        .selectFrom('events')
        .selectAll()
        .where('stream_id', '=', communityStream(scope.community.id));
      if (before !== null) query = query.where('stream_version', '<', before);
      if (type) query = query.where('type', '=', type);
      const rows = await query
        .orderBy('stream_version', 'desc')
        .limit(limit + 1)
        .execute();
      const items = rows.slice(0, limit).map((row) => {
        const data = row.data as Record<string, unknown>;
        return {
          id: row.event_id,
          type: row.type,
          actorId: (row.metadata as EventMetadata).actor ?? null,
          targetId: targetOf(data),
          reason: typeof data.reason === 'string' ? data.reason : null,
          data,
          occurredAt: row.occurred_at.toISOString(),
        };
      });
      const last = rows.length > limit ? rows[limit - 1] : undefined;
      return { items, nextCursor: last ? String(last.stream_version) : null };
    },
  );
}
