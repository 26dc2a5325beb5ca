import { ProblemError } from '../../kernel/errors/problem-error.ts';
import type { ServiceContext } from '../../kernel/service-module.ts';
import type { AuthDb } from './auth-tables.ts';
import { hashSecret, newSecret } from './secret-tokens.ts';

type Purpose = AuthDb['one_time_tokens']['purpose'];

/** How long each emailed link works. */
export const LINK_MINUTES: Readonly<Record<Purpose, number>> = {
  'verify-email': 24 * 60,
  'change-email': 60,
  'reset-password': 30,
};

/** Issues a single-use emailed link secret; only its hash is stored. */
export async function issueLink(
  db: ServiceContext<AuthDb>['db'],
  accountId: string,
  purpose: Purpose,
  payloadEnc: string | null = null,
): Promise<string> {
  const secret = newSecret();
  await db
    .insertInto('one_time_tokens')
    .values({
      hash: hashSecret(secret),
      account_id: accountId,
      purpose,
      payload_enc: payloadEnc,
      expires_at: new Date(Date.now() + LINK_MINUTES[purpose] * 60_000),
      used_at: null,
    })
    .execute();
  return secret;
}

/**
 * Uses up a link inside the caller's transaction: unknown, used or other-purpose links are `link_invalid`,
 * an expired one `link_expired` (410: it existed, and asking for a new one is the fix).
 */
export async function consumeLink(
  trx: ServiceContext<AuthDb>['db'],
  secret: string,
  purposes: readonly Purpose[],
): Promise<{ accountId: string; purpose: Purpose; payloadEnc: string | null }> {
  const row = await trx
    .selectFrom('one_time_tokens')
    .selectAll()
    .where('hash', '=', hashSecret(secret))
    .forUpdate()
    .executeTakeFirst();
  if (!row || row.used_at || !purposes.includes(row.purpose))
    throw new ProblemError(400, 'link_invalid', 'Invalid link', 'This link is not valid or was already used');
  if (row.expires_at <= new Date())
    throw new ProblemError(410, 'link_expired', 'Link expired', 'This link has expired; ask for a new one');
  await trx
    .updateTable('one_time_tokens')
    .set({ used_at: new Date() })
    .where('hash', '=', row.hash)
    .execute();
  return { accountId: row.account_id, purpose: row.purpose, payloadEnc: row.payload_enc };
}
