import type { Kysely } from 'kysely';
import { notFound, ProblemError } from '../../kernel/errors/problem-error.ts';
import type { AuthDb } from './auth-tables.ts';

/**
 * The account an administrator acts on, locked for the rest of the transaction so two admins changing it
 * at once apply one after the other (each sees the other's roles or status). 404 when it does not exist.
 */
export async function lockTarget(trx: Kysely<AuthDb>, accountId: string) {
  const account = await trx
    .selectFrom('accounts')
    .select(['id', 'roles', 'status'])
    .where('id', '=', accountId)
    .forUpdate()
    .executeTakeFirst();
  if (!account) throw notFound('This account');
  return account;
}

/**
 * An administrator may not suspend or demote themselves: the last admin would lock everyone out, and a
 * slip of the mouse should not end one's own access. Another admin can do it.
 */
export function refuseSelf(callerId: string, targetId: string, code: string, detail: string): void {
  if (callerId === targetId) throw new ProblemError(409, code, 'Not on your own account', detail);
}
