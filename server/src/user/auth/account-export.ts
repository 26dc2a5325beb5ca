import type { ServiceContext } from '../../kernel/service-module.ts';
import { decryptEmail } from './account-email.ts';
import { decryptPhone } from './account-phone.ts';
import type { AuthState } from './auth-state.ts';
import type { AuthDb } from './auth-tables.ts';
import { openIdentityEmail } from './oidc/provider-tokens.ts';

/**
 * The auth service's part of an account's data export: the account as stored (email decrypted), its
 * sessions (ended ones too), linked providers (with the address each provider gave) and its event stream. Never a password hash, TOTP secret,
 * recovery code, refresh token or provider token: the export may be mailed around or left in a downloads
 * folder, and none of those help the owner.
 */
export async function exportAccount(ctx: ServiceContext<AuthDb>, state: AuthState, userId: string) {
  const account = await ctx.db.selectFrom('accounts').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!account) return null;
  const sessions = await ctx.db
    .selectFrom('sessions')
    .selectAll()
    .where('account_id', '=', userId)
    .orderBy('created_at')
    .execute();
  const providers = await ctx.db
    .selectFrom('identities')
    .select(['provider', 'subject', 'email_enc', 'linked_at'])
    .where('account_id', '=', userId)
    .orderBy('provider')
    .execute();
  const events = await ctx.events.readStream(`account-${userId}`);
  return {
    account: {
      id: account.id,
      username: account.username,
      email: await decryptEmail(state.cipher, account.id, account.email_enc),
      phone: account.phone_enc ? await decryptPhone(state.cipher, account.id, account.phone_enc) : null,
      emailVerifiedAt: account.email_verified_at?.toISOString() ?? null,
      roles: account.roles,
      status: account.status,
      suspendedReason: account.suspended_reason,
      hasPassword: account.password_hash !== null,
      twoFactorEnabled: account.totp_enabled_at !== null,
      twoFactorEnabledAt: account.totp_enabled_at?.toISOString() ?? null,
      createdAt: account.created_at.toISOString(),
    },
    sessions: sessions.map((session) => ({
      id: session.id,
      device: session.device,
      ip: session.ip,
      createdAt: session.created_at.toISOString(),
      lastSeenAt: session.last_seen_at.toISOString(),
      expiresAt: session.expires_at.toISOString(),
      endedAt: session.revoked_at?.toISOString() ?? null,
      endedBecause: session.revoked_reason,
    })),
    providers: await Promise.all(
      providers.map(async (identity) => ({
        provider: identity.provider,
        subject: identity.subject,
        email: identity.email_enc
          ? await openIdentityEmail(state.cipher, identity.provider, identity.subject, identity.email_enc)
          : null,
        linkedAt: identity.linked_at.toISOString(),
      })),
    ),
    events: events.map((event) => ({
      type: event.type,
      data: event.data,
      occurredAt: event.occurredAt.toISOString(),
    })),
  };
}
