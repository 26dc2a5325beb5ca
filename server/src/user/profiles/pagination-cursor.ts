import { ProblemError } from '../../kernel/errors/problem-error.ts';

/**
 * Profile lists are ordered by lower-cased username, then user id; a cursor is the last row's pair,
 * opaque to clients (base64url JSON). Keyset pagination: a page never repeats or skips a row when others
 * are added or removed meanwhile.
 */
export interface UsernameCursor {
  username: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const encodeCursor = (cursor: UsernameCursor) =>
  Buffer.from(JSON.stringify([cursor.username, cursor.id])).toString('base64url');

export function decodeCursor(text: string | undefined): UsernameCursor | null {
  if (text === undefined || text === '') return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      UUID.test(value[1])
    )
      return { username: value[0], id: value[1] };
  } catch {
    // falls through to the problem below
  }
  throw new ProblemError(400, 'cursor_invalid', 'Invalid cursor', 'Pass the nextCursor of a previous page');
}
