import { ProblemError } from '../../kernel/errors/problem-error.ts';

/**
 * Lists of communities and members are ordered by id (UUIDv7: creation order), and the cursor is the last
 * id of a page, opaque to clients (base64url). Keyset pagination: nothing repeats or is skipped when rows
 * come and go between pages.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const encodeIdCursor = (id: string) => Buffer.from(id).toString('base64url');

export function decodeIdCursor(text: string | undefined): string | null {
  if (text === undefined || text === '') return null;
  const id = Buffer.from(text, 'base64url').toString('utf8');
  if (UUID.test(id)) return id;
  throw new ProblemError(400, 'cursor_invalid', 'Invalid cursor', 'Pass the nextCursor of a previous page');
}

/** A page of `rows` fetched with one extra row: the items and the cursor to the next page, if any. */
export function pageOf<Row, Item>(
  rows: Row[],
  limit: number,
  idOf: (row: Row) => string,
  view: (row: Row) => Item,
) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(view),
    nextCursor: rows.length > limit && last !== undefined ? encodeIdCursor(idOf(last)) : null,
  };
}
