import type { FieldCipher } from '../../kernel/crypto/field-cipher.ts';

/** The associated data binding an account's encrypted phone number to that account's row. */
export const phoneContext = (accountId: string) => `accounts.phone:${accountId}`;

export const encryptPhone = (cipher: FieldCipher, accountId: string, phone: string) =>
  cipher.encrypt(phone, phoneContext(accountId));

export const decryptPhone = (cipher: FieldCipher, accountId: string, stored: string) =>
  cipher.decrypt(stored, phoneContext(accountId));
