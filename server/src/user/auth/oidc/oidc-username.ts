import type { Kysely } from 'kysely';
import { checkUsername } from '../account-rules.ts';
import type { AuthDb } from '../auth-tables.ts';

const BASE_MAX = 24;

/** A username that passes the sign-up rules, made from what the provider suggests. */
export function usernameBase(preferredUsername: string | null, email: string | null): string {
  const suggested = preferredUsername ?? email?.split('@')[0] ?? '';
  const ascii = suggested.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const cleaned = ascii
    .replace(/[^a-z0-9_.-]+/gi, '_')
    .replace(/^[^a-z0-9]+/i, '')
    .slice(0, BASE_MAX)
    .replace(/[.-]+$/, '');
  try {
    checkUsername(cleaned);
    return cleaned;
  } catch {
    // Too short, or reserved ("admin"): a suffix makes it a plain, valid name.
    const padded = cleaned ? `${cleaned}_1` : 'listener';
    try {
      checkUsername(padded);
      return padded;
    } catch {
      return 'user';
    }
  }
}

/**
 * `base`, or `base2`, `base3`… whichever is free now. A concurrent sign-up may still take it first; the
 * unique index refuses the second insert and the caller picks again.
 */
export async function freeUsername(db: Kysely<AuthDb>, base: string): Promise<string> {
  const taken = new Set(
    (
      await db
        .selectFrom('accounts')
        .select('username')
        .where((eb) => eb(eb.fn('lower', ['username']), 'like', `${base.toLowerCase()}%`))
        .execute()
    ).map((row) => row.username.toLowerCase()),
  );
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? base : `${base}${n}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
  return `${base}${Math.floor(Math.random() * 1e6)}`;
}
