import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { permissionsOf } from '../../kernel/auth/roles.ts';
import type { FieldCipher } from '../../kernel/crypto/field-cipher.ts';
import { notFound } from '../../kernel/errors/problem-error.ts';
import { emailContext } from './account-email.ts';
import { phoneContext } from './account-phone.ts';
import type { AuthDb } from './auth-tables.ts';
import { openSealedField } from './sealed-account-field.ts';

export const Me = Type.Object({
  id: Type.String(),
  username: Type.String(),
  email: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  emailVerified: Type.Boolean(),
  roles: Type.Array(Type.String()),
  permissions: Type.Array(Type.String()),
  status: Type.String(),
  twoFactorEnabled: Type.Boolean(),
  hasPassword: Type.Boolean(),
  providers: Type.Array(
    Type.Object({ provider: Type.String(), linkedAt: Type.String({ format: 'date-time' }) }),
  ),
  createdAt: Type.String({ format: 'date-time' }),
});

/**
 * The account as its owner sees it. Reading an email written under a retired data key re-encrypts it
 * under the active key: rotation completes lazily as accounts are used.
 */
export async function loadMe(db: Kysely<AuthDb>, cipher: FieldCipher, accountId: string) {
  const account = await db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirst();
  if (!account) throw notFound('This account');
  const email = await openSealedField(
    db,
    cipher,
    account.id,
    'email_enc',
    account.email_enc,
    emailContext(account.id),
  );
  const phone = account.phone_enc
    ? await openSealedField(db, cipher, account.id, 'phone_enc', account.phone_enc, phoneContext(account.id))
    : null;
  const providers = await db
    .selectFrom('identities')
    .select(['provider', 'linked_at'])
    .where('account_id', '=', accountId)
    .orderBy('provider')
    .execute();
  return {
    id: account.id,
    username: account.username,
    email,
    phone,
    emailVerified: account.email_verified_at !== null,
    roles: account.roles,
    permissions: [...permissionsOf(account.roles)],
    status: account.status,
    twoFactorEnabled: account.totp_enabled_at !== null,
    hasPassword: account.password_hash !== null,
    providers: providers.map((row) => ({ provider: row.provider, linkedAt: row.linked_at.toISOString() })),
    createdAt: account.created_at.toISOString(),
  };
}
