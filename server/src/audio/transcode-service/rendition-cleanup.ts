import { sql } from 'kysely';
import type { ServiceContext } from '../../kernel/service-module.ts';
import { renditionPrefix } from '../shared/media-keys.ts';
import type { TranscodeDb } from './transcode-tables.ts';

/**
 * Deletes the renditions of every version that a newer, finished version of the same track replaced
 * (of one track, or of all tracks). Runs after each success and when a worker starts, so renditions
 * left behind by a process that died between the two steps are removed by the next one.
 */
export async function removeReplacedRenditions(
  ctx: ServiceContext<TranscodeDb>,
  trackId?: string,
): Promise<number> {
  let query = ctx.db
    .selectFrom('jobs as old')
    .select(['old.id', 'old.track_id', 'old.version'])
    .where('old.renditions_removed_at', 'is', null)
    .where('old.state', 'not in', ['queued', 'running'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('jobs as newer')
          .select('newer.id')
          .whereRef('newer.track_id', '=', 'old.track_id')
          .whereRef('newer.version', '>', 'old.version')
          .where('newer.state', '=', 'done'),
      ),
    );
  if (trackId) query = query.where('old.track_id', '=', trackId);
  const replaced = await query.execute();
  for (const row of replaced) {
    await ctx.storage.deletePrefix(renditionPrefix(row.track_id, row.version));
    await ctx.db
      .updateTable('jobs')
      .set({ renditions_removed_at: sql<Date>`now()` })
      .where('id', '=', row.id)
      .execute();
  }
  return replaced.length;
}
