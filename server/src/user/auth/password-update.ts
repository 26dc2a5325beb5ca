import type { WriteTransaction } from '../../kernel/service-module.ts';
import type { AuthDb } from './auth-tables.ts';

/**
 * Stores a new password hash with its `PasswordChanged` event, inside the caller's transaction. Reset
 * links still out in someone's mailbox stop working (a reset link must not outlive the password it was
 * meant to replace), and the failed sign-in count starts over.
 */
export async function storeNewPassword(
  tx: WriteTransaction<AuthDb>,
  accountId: string,
  passwordHash: string,
  via: 'reset' | 'change',
): Promise<void> {
  await tx.db
    .updateTable('accounts')
    .set({ password_hash: passwordHash, failed_sign_ins: 0 })
    .where('id', '=', accountId)
    .execute();
  await tx.db
    .updateTable('one_time_tokens')
    .set({ used_at: new Date() })
    .where('account_id', '=', accountId)
    .where('purpose', '=', 'reset-password')
    .where('used_at', 'is', null)
    .execute();
  await tx.append(`account-${accountId}`, 'any', [{ type: 'PasswordChanged', data: { via } }]);
}
