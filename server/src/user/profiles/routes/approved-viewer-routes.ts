import { Type } from 'typebox';
import { requireUser, secured } from '../../../kernel/auth/auth-guard.ts';
import { notFound, ProblemError } from '../../../kernel/errors/problem-error.ts';
import { problemResponses } from '../../../kernel/http/problem-schema.ts';
import type { ServiceContext, VezaHttp } from '../../../kernel/service-module.ts';
import { decodeCursor, encodeCursor } from '../pagination-cursor.ts';
import { profileStream } from '../profile-events.ts';
import { ApproveViewerParams, ListQuery, ViewerParams, ViewersPage } from '../profile-schemas.ts';
import { findProfileById, findProfileByUsername, listApprovedViewers } from '../profile-store.ts';
import type { ProfilesDb } from '../profile-tables.ts';
import { summaryView } from '../profile-views.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The owner's list of people who may see their private profile in full. Both changes are idempotent
 * (approving twice, removing someone absent: 204), and only a real change appends an event.
 */
export function approvedViewerRoutes(app: VezaHttp, ctx: ServiceContext<ProfilesDb>): void {
  app.get(
    '/profiles/me/viewers',
    {
      schema: {
        summary: 'People you approved to see your private profile',
        ...secured(),
        querystring: ListQuery,
        response: { 200: ViewersPage, ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      const ownerId = requireUser(request).sub;
      const limit = request.query.limit ?? 50;
      const rows = await listApprovedViewers(ctx.db, ownerId, decodeCursor(request.query.cursor), limit);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map((row) => ({ ...summaryView(row), approvedAt: row.approved_at.toISOString() })),
        nextCursor:
          rows.length > limit && last
            ? encodeCursor({ username: last.username.toLowerCase(), id: last.user_id })
            : null,
      };
    },
  );

  app.put(
    '/profiles/me/viewers/:viewer',
    {
      schema: {
        summary: 'Let someone (by user id or username) see your private profile in full',
        ...secured('profile:edit'),
        params: ApproveViewerParams,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const ownerId = requireUser(request).sub;
      const { viewer } = request.params;
      const found = UUID.test(viewer)
        ? await findProfileById(ctx.db, viewer)
        : await findProfileByUsername(ctx.db, viewer);
      if (!found) throw notFound('This user');
      const viewerId = found.user_id;
      if (viewerId === ownerId)
        throw new ProblemError(400, 'viewer_invalid', 'Invalid viewer', 'You always see your own profile');
      if (!(await findProfileById(ctx.db, ownerId))) throw notFound('Your profile');
      await ctx.write(ctx.metadataOf(request), async (tx) => {
        const added = await tx.db
          .insertInto('approved_viewers')
          .values({ owner_id: ownerId, viewer_id: viewerId })
          .onConflict((oc) => oc.doNothing())
          .returning('viewer_id')
          .executeTakeFirst();
        if (added)
          await tx.append(profileStream(ownerId), 'any', [
            { type: 'ProfileViewerApproved', data: { id: ownerId, viewerId } },
          ]);
      });
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/profiles/me/viewers/:userId',
    {
      schema: {
        summary: 'Stop someone seeing your private profile in full',
        ...secured('profile:edit'),
        params: ViewerParams,
        response: { 204: Type.Null(), ...problemResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const ownerId = requireUser(request).sub;
      const viewerId = request.params.userId;
      await ctx.write(ctx.metadataOf(request), async (tx) => {
        const removed = await tx.db
          .deleteFrom('approved_viewers')
          .where('owner_id', '=', ownerId)
          .where('viewer_id', '=', viewerId)
          .executeTakeFirst();
        if (removed.numDeletedRows > 0n)
          await tx.append(profileStream(ownerId), 'any', [
            { type: 'ProfileViewerRemoved', data: { id: ownerId, viewerId } },
          ]);
      });
      return reply.code(204).send(null);
    },
  );
}
