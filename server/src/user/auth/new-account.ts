import type { Insertable } from 'kysely';
import type { FieldCipher } from '../../kernel/crypto/field-cipher.ts';
import { emailHash, encryptEmail } from './account-email.ts';
import type { AuthDb } from './auth-tables.ts';

/** A fresh account row: a listener, active, no second factor or phone yet, the email encrypted and indexed. */
export function newAccount(
  cipher: FieldCipher,
  fields: {
    id: string;
    username: string;
    email: string;
    passwordHash: string | null;
    emailVerified: boolean;
  },
): Insertable<AuthDb['accounts']> {
  return {
    id: fields.id,
    username: fields.username,
    email_enc: encryptEmail(cipher, fields.id, fields.email),
    email_hash: emailHash(cipher, fields.email),
    email_verified_at: fields.emailVerified ? new Date() : null,
    password_hash: fields.passwordHash,
    roles: ['listener'],
    status: 'active',
    suspended_reason: null,
    totp_secret_enc: null,
    totp_enabled_at: null,
    phone_enc: null,
  };
}
