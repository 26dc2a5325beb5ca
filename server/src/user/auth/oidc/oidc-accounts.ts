import { v7 as uuidv7 } from 'uuid';
import type { FieldCipher } from '../../../kernel/crypto/field-cipher.ts';
import { notFound } from '../../../kernel/errors/problem-error.ts';
import type { EventMetadata } from '../../../kernel/events/event-types.ts';
import type { ServiceContext } from '../../../kernel/service-module.ts';
import { emailHash } from '../account-email.ts';
import { checkEmail } from '../account-rules.ts';
import type { AuthDb } from '../auth-tables.ts';
import { newAccount } from '../new-account.ts';
import type { ProviderIdentity } from './oidc-claims.ts';
import { oidcProblems } from './oidc-problems.ts';
import { freeUsername, usernameBase } from './oidc-username.ts';
import { sealIdentityEmail } from './provider-tokens.ts';

type Ctx = ServiceContext<AuthDb>;

export interface VerifiedIdentity {
  provider: string;
  identity: ProviderIdentity;
  /** The provider's tokens, sealed with sealProviderTokens. */
  tokensEnc: string | null;
}

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

/**
 * Runs `work` again when a concurrent request inserted the same username, identity or email first: the
 * next attempt sees that row and takes the matching branch (sign in, refuse, pick another name).
 */
async function retryOnConflict<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isUniqueViolation(error) || attempt === 3) throw error;
    }
  }
}

const identityColumns = (cipher: FieldCipher, { provider, identity, tokensEnc }: VerifiedIdentity) => ({
  email_enc: identity.email ? sealIdentityEmail(cipher, provider, identity.subject, identity.email) : null,
  tokens_enc: tokensEnc,
});

/**
 * The account of a provider identity, created on its first sign-in. An existing account with the same
 * email is never joined automatically: whoever controls that address at the provider (a recycled address,
 * a provider that does not check) would take the account over. Its owner links the provider from settings.
 */
export async function signInOrRegister(
  ctx: Ctx,
  cipher: FieldCipher,
  metadata: EventMetadata,
  verified: VerifiedIdentity,
): Promise<{ id: string; roles: string[]; twoFactor: boolean }> {
  const { provider, identity } = verified;
  return retryOnConflict(() =>
    ctx.write(metadata, async (tx) => {
      const known = await tx.db
        .selectFrom('identities')
        .innerJoin('accounts', 'accounts.id', 'identities.account_id')
        .select([
          'accounts.id',
          'accounts.roles',
          'accounts.status',
          'accounts.suspended_reason',
          'accounts.totp_enabled_at',
        ])
        .where('identities.provider', '=', provider)
        .where('identities.subject', '=', identity.subject)
        .executeTakeFirst();
      if (known) {
        if (known.status === 'suspended') throw oidcProblems.suspended(known.suspended_reason);
        await tx.db
          .updateTable('identities')
          .set(identityColumns(cipher, verified))
          .where('provider', '=', provider)
          .where('subject', '=', identity.subject)
          .execute();
        return { id: known.id, roles: known.roles, twoFactor: known.totp_enabled_at !== null };
      }
      const email = identity.email;
      if (!email) throw oidcProblems.emailMissing();
      checkEmail(email);
      const hash = emailHash(cipher, email);
      const owner = await tx.db
        .selectFrom('accounts')
        .select('id')
        .where('email_hash', '=', hash)
        .executeTakeFirst();
      if (owner) throw oidcProblems.emailInUse();
      const id = uuidv7();
      const username = await freeUsername(tx.db, usernameBase(identity.preferredUsername, email));
      // No password: the provider is how this account signs in until its owner sets one.
      await tx.db
        .insertInto('accounts')
        .values(
          newAccount(cipher, {
            id,
            username,
            email,
            passwordHash: null,
            emailVerified: identity.emailVerified,
          }),
        )
        .execute();
      await tx.db
        .insertInto('identities')
        .values({ provider, subject: identity.subject, account_id: id, ...identityColumns(cipher, verified) })
        .execute();
      await tx.append(`account-${id}`, 'no_stream', [
        { type: 'UserRegistered', data: { id, username } },
        ...(identity.emailVerified ? [{ type: 'EmailVerified', data: { via: provider } }] : []),
        { type: 'ProviderLinked', data: { provider } },
      ]);
      return { id, roles: ['listener'], twoFactor: false };
    }),
  );
}

/** Attaches a provider identity to a signed-in account (one identity per provider and account). */
export async function linkIdentity(
  ctx: Ctx,
  cipher: FieldCipher,
  metadata: EventMetadata,
  accountId: string,
  verified: VerifiedIdentity,
): Promise<void> {
  const { provider, identity } = verified;
  await retryOnConflict(() =>
    ctx.write(metadata, async (tx) => {
      const account = await tx.db
        .selectFrom('accounts')
        .select(['id', 'status', 'suspended_reason'])
        .where('id', '=', accountId)
        .forUpdate()
        .executeTakeFirst();
      if (!account) throw notFound('This account');
      if (account.status === 'suspended') throw oidcProblems.suspended(account.suspended_reason);
      const existing = await tx.db
        .selectFrom('identities')
        .select('account_id')
        .where('provider', '=', provider)
        .where('subject', '=', identity.subject)
        .executeTakeFirst();
      if (existing && existing.account_id !== accountId) throw oidcProblems.identityTaken();
      if (existing) {
        // Linking again what is already linked refreshes the stored tokens and changes nothing else.
        await tx.db
          .updateTable('identities')
          .set(identityColumns(cipher, verified))
          .where('provider', '=', provider)
          .where('subject', '=', identity.subject)
          .execute();
        return;
      }
      const other = await tx.db
        .selectFrom('identities')
        .select('subject')
        .where('account_id', '=', accountId)
        .where('provider', '=', provider)
        .executeTakeFirst();
      if (other) throw oidcProblems.providerAlreadyLinked();
      await tx.db
        .insertInto('identities')
        .values({
          provider,
          subject: identity.subject,
          account_id: accountId,
          ...identityColumns(cipher, verified),
        })
        .execute();
      await tx.append(`account-${accountId}`, 'any', [{ type: 'ProviderLinked', data: { provider } }]);
    }),
  );
}

/**
 * Detaches a provider unless it is the account's last way in. The account row is locked, so two unlinks
 * racing on an account with two providers and no password cannot both pass the check.
 */
export async function unlinkProvider(
  ctx: Ctx,
  metadata: EventMetadata,
  accountId: string,
  provider: string,
): Promise<void> {
  await ctx.write(metadata, async (tx) => {
    const account = await tx.db
      .selectFrom('accounts')
      .select('password_hash')
      .where('id', '=', accountId)
      .forUpdate()
      .executeTakeFirst();
    if (!account) throw notFound('This account');
    const linked = await tx.db
      .selectFrom('identities')
      .select('provider')
      .where('account_id', '=', accountId)
      .execute();
    if (!linked.some((row) => row.provider === provider)) throw oidcProblems.providerNotLinked();
    if (!account.password_hash && !linked.some((row) => row.provider !== provider))
      throw oidcProblems.lastSignInMethod();
    await tx.db
      .deleteFrom('identities')
      .where('account_id', '=', accountId)
      .where('provider', '=', provider)
      .execute();
    await tx.append(`account-${accountId}`, 'any', [{ type: 'ProviderUnlinked', data: { provider } }]);
  });
}
