import type { Kysely } from 'kysely';
import type { LogMailer } from '../../src/kernel/mail/log-mailer.ts';
import type { Runtime } from '../../src/kernel/runtime/start-runtime.ts';
import type { AuthDb } from '../../src/user/auth/auth-tables.ts';

/**
 * What tests check behind the API's back: the auth schema's rows (encrypted columns, counters, hashes),
 * the account's event stream and every mail sent to an address. Tests read these; they change them only
 * to stand in for time passing (an expired link).
 */
export const authTables = (runtime: Runtime): Kysely<AuthDb> =>
  (runtime.database.kysely as Kysely<AuthDb>).withSchema('auth');

export async function accountEventTypes(runtime: Runtime, accountId: string): Promise<string[]> {
  const events = await runtime.hosted.get('auth')!.store.readStream(`account-${accountId}`);
  return events.map((event) => event.type);
}

export const mailsTo = (runtime: Runtime, to: string) =>
  (runtime.adapters.mail as LogMailer).outbox.filter((message) => message.to === to);
