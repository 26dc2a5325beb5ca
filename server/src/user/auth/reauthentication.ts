import type { Kysely, Selectable } from 'kysely';
import { notFound, ProblemError } from '../../kernel/errors/problem-error.ts';
import { LIMITS } from './auth-limits.ts';
import type { AuthState } from './auth-state.ts';
import type { AuthDb } from './auth-tables.ts';
import { verifyPassword } from './password-hasher.ts';
import { type SecondFactor, verifySecondFactor } from './second-factor.ts';

export type AccountRow = Selectable<AuthDb['accounts']>;

const wrongPassword = () =>
  new ProblemError(401, 'credentials_invalid', 'Wrong password', 'The password you entered is incorrect');

/**
 * Refuses once the account has spent its re-authentication budget. Only failures are counted (see
 * `countReauthFailure`), so an owner who types the password right is never slowed; a stolen access token
 * cannot be used to guess the password (or a two-factor code) at more than the budget's pace.
 */
export async function guardReauth(state: AuthState, accountId: string): Promise<void> {
  if ((await state.limiter.count(LIMITS.reauthAccount, accountId)) >= LIMITS.reauthAccount.max)
    await state.limiter.hit(LIMITS.reauthAccount, accountId); // over budget: throws 429 with Retry-After
}

export async function countReauthFailure(state: AuthState, accountId: string): Promise<void> {
  await state.limiter.hit(LIMITS.reauthAccount, accountId);
}

/**
 * Sensitive changes ask for the password again, even with a valid session: a borrowed unlocked laptop or
 * a stolen token must not be enough to take the account over. Returns the account row for the change.
 */
export async function reauthenticate(
  db: Kysely<AuthDb>,
  state: AuthState,
  accountId: string,
  password: string,
): Promise<AccountRow> {
  await guardReauth(state, accountId);
  const account = await db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirst();
  if (!account) throw notFound('This account');
  // An account made through a provider has no password: it sets one with a reset link first.
  if (!account.password_hash || !(await verifyPassword(account.password_hash, password))) {
    await countReauthFailure(state, accountId);
    throw wrongPassword();
  }
  return account;
}

/**
 * Checks a two-factor code given to confirm a change, inside the caller's transaction (which should hold
 * the account row `for update`, so one code cannot confirm two changes). Wrong codes count against the
 * same budget as wrong passwords: six digits must not be guessable through a stolen session.
 */
export async function confirmSecondFactor(
  trx: Kysely<AuthDb>,
  state: AuthState,
  account: AccountRow,
  given: SecondFactor,
): Promise<void> {
  await guardReauth(state, account.id);
  try {
    await verifySecondFactor(trx, state.cipher, account, given);
  } catch (error) {
    if (error instanceof ProblemError && error.code === 'two_factor_invalid')
      await countReauthFailure(state, account.id);
    throw error;
  }
}
