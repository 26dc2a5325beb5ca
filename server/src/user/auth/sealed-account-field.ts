import type { Kysely } from 'kysely';
import type { FieldCipher } from '../../kernel/crypto/field-cipher.ts';
import type { AuthDb } from './auth-tables.ts';

type SealedColumn = 'email_enc' | 'phone_enc' | 'totp_secret_enc';

/**
 * Decrypts an account's encrypted field and, when it was written under a retired data key, writes it back
 * under the active one: a data-key rotation completes lazily as accounts are used. The write is
 * conditional on the stored value, so a concurrent change is never overwritten with an older value.
 */
export async function openSealedField(
  db: Kysely<AuthDb>,
  cipher: FieldCipher,
  accountId: string,
  column: SealedColumn,
  stored: string,
  context: string,
): Promise<string> {
  const plaintext = await cipher.decrypt(stored, context);
  if (cipher.isStale(stored)) {
    await db
      .updateTable('accounts')
      .set({ [column]: cipher.encrypt(plaintext, context) })
      .where('id', '=', accountId)
      .where(column, '=', stored)
      .execute();
  }
  return plaintext;
}
