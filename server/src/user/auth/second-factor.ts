import type { Kysely } from 'kysely';
import type { FieldCipher } from '../../kernel/crypto/field-cipher.ts';
import { ProblemError } from '../../kernel/errors/problem-error.ts';
import type { AuthDb } from './auth-tables.ts';
import { openSealedField } from './sealed-account-field.ts';
import { hashSecret } from './secret-tokens.ts';
import { matchTotp } from './totp.ts';

export const totpContext = (accountId: string) => `accounts.totp:${accountId}`;

export interface SecondFactor {
  totp?: string;
  recoveryCode?: string;
}

/**
 * Checks a TOTP code (recording its step so it cannot be replayed) or uses up a recovery code, inside the
 * caller's transaction. Throws `two_factor_required` when neither was given, `two_factor_invalid` when wrong.
 */
export async function verifySecondFactor(
  trx: Kysely<AuthDb>,
  cipher: FieldCipher,
  account: { id: string; totp_secret_enc: string | null; totp_last_step: string | null },
  given: SecondFactor,
): Promise<void> {
  if (!given.totp && !given.recoveryCode)
    throw new ProblemError(
      401,
      'two_factor_required',
      'Two-factor code required',
      'Enter the code from your authenticator app',
    );
  if (given.totp && account.totp_secret_enc) {
    const secret = await openSealedField(
      trx,
      cipher,
      account.id,
      'totp_secret_enc',
      account.totp_secret_enc,
      totpContext(account.id),
    );
    const lastStep = account.totp_last_step === null ? null : Number(account.totp_last_step);
    const step = matchTotp(secret, given.totp.trim(), lastStep);
    if (step !== null) {
      await trx
        .updateTable('accounts')
        .set({ totp_last_step: String(step) })
        .where('id', '=', account.id)
        .execute();
      return;
    }
  }
  if (given.recoveryCode) {
    const used = await trx
      .updateTable('recovery_codes')
      .set({ used_at: new Date() })
      .where('account_id', '=', account.id)
      .where('hash', '=', hashSecret(given.recoveryCode.trim().toLowerCase()))
      .where('used_at', 'is', null)
      .returning('hash')
      .executeTakeFirst();
    if (used) return;
  }
  throw new ProblemError(
    401,
    'two_factor_invalid',
    'Wrong two-factor code',
    'The code is wrong or was already used',
  );
}
