import type { FieldCipher } from '../../kernel/crypto/field-cipher.ts';
import { normalizeEmail } from './account-rules.ts';

/** The associated data binding an account's encrypted email to that account's row. */
export const emailContext = (accountId: string) => `accounts.email:${accountId}`;

export const emailHash = (cipher: FieldCipher, email: string) => cipher.hash(normalizeEmail(email));

export const encryptEmail = (cipher: FieldCipher, accountId: string, email: string) =>
  cipher.encrypt(normalizeEmail(email), emailContext(accountId));

export const decryptEmail = (cipher: FieldCipher, accountId: string, stored: string) =>
  cipher.decrypt(stored, emailContext(accountId));
