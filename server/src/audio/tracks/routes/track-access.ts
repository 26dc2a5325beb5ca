import type { FastifyRequest } from 'fastify';
import { forbidden, requireUser } from '../../../kernel/auth/auth-guard.ts';
import { notFound } from '../../../kernel/errors/problem-error.ts';
import type { ServiceContext } from '../../../kernel/service-module.ts';
import type { Track } from '../track-schemas.ts';
import { findTrack, type TrackRow } from '../track-store.ts';
import type { TracksDb } from '../track-tables.ts';
import { trackView } from '../track-view.ts';
import type { TracksState } from '../tracks-state.ts';

const moderates = (request: FastifyRequest) => request.auth?.permissions.has('content:moderate') ?? false;
const owns = (request: FastifyRequest, row: TrackRow) => request.auth?.sub === row.owner_id;

/**
 * Who may see a track by its id: anyone when it is public, its owner and moderators always. Others get 404
 * for private and unlisted tracks (an unlisted one is reachable only by its secret link), so ids of hidden
 * tracks cannot be probed.
 */
export async function visibleTrack(ctx: ServiceContext<TracksDb>, request: FastifyRequest, id: string) {
  const row = await findTrack(ctx.db, id);
  if (!row || (row.visibility !== 'public' && !owns(request, row) && !moderates(request)))
    throw notFound('This track');
  return row;
}

/** A track the caller may change: the owner, or (for deletion and retries) a moderator. */
export async function managedTrack(
  ctx: ServiceContext<TracksDb>,
  request: FastifyRequest,
  id: string,
  options: { moderatorMay: boolean },
): Promise<TrackRow> {
  requireUser(request);
  const row = await visibleTrack(ctx, request, id);
  if (owns(request, row) || (options.moderatorMay && moderates(request))) return row;
  throw forbidden('Only the track’s owner may do this');
}

export const viewFor = (request: FastifyRequest, row: TrackRow, state: TracksState): Track =>
  trackView(row, { manages: owns(request, row) || moderates(request) }, state.views);

/** The track as the caller sees it, read again after a change. */
export async function trackResponse(
  ctx: ServiceContext<TracksDb>,
  state: TracksState,
  request: FastifyRequest,
  id: string,
): Promise<Track> {
  const row = await findTrack(ctx.db, id);
  if (!row) throw notFound('This track');
  return viewFor(request, row, state);
}
