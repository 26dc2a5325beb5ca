import type { Kysely } from 'kysely';
import { ProblemError } from '../../kernel/errors/problem-error.ts';
import type { MessageRow } from './message-store.ts';
import type { MessagesDb } from './message-tables.ts';

export interface PageQuery {
  before?: string | undefined;
  after?: string | undefined;
  around?: string | undefined;
  limit: number;
}

/**
 * A page of a channel's messages, oldest first, by id (UUIDv7: the order they were sent in):
 * - none: the newest `limit`;
 * - `before`: the `limit` just before that id (scroll up: pass the first id of the page you hold);
 * - `after`: the `limit` just after it (catch up: pass the last id you hold);
 * - `around`: the message itself (if it still exists) with up to half the page on each side (jump to a reply).
 * The ids need not name existing messages: they are positions.
 */
export async function messagePage(
  db: Kysely<MessagesDb>,
  channelId: string,
  query: PageQuery,
): Promise<MessageRow[]> {
  const given = [query.before, query.after, query.around].filter((value) => value !== undefined);
  if (given.length > 1)
    throw new ProblemError(
      400,
      'page_ambiguous',
      'Ambiguous page',
      'Pass at most one of before, after and around',
    );
  const base = db.selectFrom('messages').selectAll().where('channel_id', '=', channelId);
  const newestBefore = (id: string | null, limit: number, inclusive = false) =>
    (id ? base.where('id', inclusive ? '<=' : '<', id) : base).orderBy('id', 'desc').limit(limit).execute();
  const oldestAfter = (id: string, limit: number) =>
    base.where('id', '>', id).orderBy('id', 'asc').limit(limit).execute();
  if (query.after !== undefined) return oldestAfter(query.after, query.limit);
  if (query.around !== undefined) {
    const older = await newestBefore(query.around, Math.ceil(query.limit / 2), true);
    const newer = await oldestAfter(query.around, query.limit - older.length);
    return [...older.reverse(), ...newer];
  }
  return (await newestBefore(query.before ?? null, query.limit)).reverse();
}
