import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuthDb } from './auth-tables.ts';
import { hashSecret } from './secret-tokens.ts';
import { base32Encode } from './totp.ts';

export const RECOVERY_CODE_COUNT = 10;

/**
 * A one-use code for signing in without the authenticator: 60 random bits as `xxxx-xxxx-xxxx` in
 * lowercase base32, short enough to copy from paper. Sign-in lowercases what is typed before hashing.
 */
export function newRecoveryCode(): string {
  const chars = base32Encode(randomBytes(8)).slice(0, 12).toLowerCase();
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

/** Replaces every recovery code of the account with a new set; only their hashes are stored. */
export async function replaceRecoveryCodes(trx: Kysely<AuthDb>, accountId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await trx.deleteFrom('recovery_codes').where('account_id', '=', accountId).execute();
  await trx
    .insertInto('recovery_codes')
    .values(codes.map((code) => ({ account_id: accountId, hash: hashSecret(code), used_at: null })))
    .execute();
  return codes;
}
