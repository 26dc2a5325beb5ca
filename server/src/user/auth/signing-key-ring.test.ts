import { randomBytes } from 'node:crypto';
import { decodeProtectedHeader } from 'jose';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnvironment, type TestEnvironment } from '../../../test/harness/test-environment.ts';
import { FieldCipher } from '../../kernel/crypto/field-cipher.ts';
import { type Database, openDatabase } from '../../kernel/db/database.ts';
import { migrate } from '../../kernel/db/migrations.ts';
import { migrationSets } from '../../kernel/runtime/service-host.ts';
import { authService } from './auth-service.ts';
import type { AuthDb } from './auth-tables.ts';
import { SigningKeyRing } from './signing-key-ring.ts';

const PERIOD_S = 60;
const TTL_S = 15;

let environment: TestEnvironment;
let database: Database;
let cipher: FieldCipher;
beforeAll(async () => {
  environment = await createTestEnvironment();
  database = await openDatabase({
    ...(environment.env.DATABASE_URL ? { databaseUrl: environment.env.DATABASE_URL } : {}),
    dataDir: environment.dataDir,
    poolSize: 2,
  });
  await migrate(database.kysely, migrationSets([authService]));
  cipher = await FieldCipher.open(database.kysely.withSchema('auth'), randomBytes(32), 'auth');
});
afterAll(async () => {
  await database?.close();
  await environment?.cleanup();
});

/** Rings on one table and one clock the test moves: two processes of the auth service. */
async function rings(count: number) {
  const db = database.kysely.withSchema('auth') as Kysely<AuthDb>;
  await db.deleteFrom('signing_keys').execute();
  // A clock of its own, far from every other test's keys.
  const clock = { now: Date.now() + Math.floor(Math.random() * 1e9) };
  const made = Array.from(
    { length: count },
    () =>
      new SigningKeyRing(db, cipher, {
        rotationSeconds: PERIOD_S,
        tokenTtlSeconds: TTL_S,
        now: () => clock.now,
      }),
  );
  return { clock, rings: made };
}

const kidOf = async (ring: SigningKeyRing) =>
  decodeProtectedHeader((await ring.sign({ sub: 'u', sid: 's', roles: ['listener'] })).token).kid!;
const servedKids = async (ring: SigningKeyRing) => (await ring.publicKeys()).keys.map((key) => key.kid);

describe('SigningKeyRing', () => {
  it('publishes each key a full period before it signs, and drops a retired key after one token lifetime', async () => {
    const {
      clock,
      rings: [ring],
    } = await rings(1);
    await ring!.rotateIfDue();
    const first = await kidOf(ring!);
    const lineUp = await servedKids(ring!);
    expect(lineUp).toHaveLength(2);
    const [, second] = lineUp;

    clock.now += PERIOD_S * 1000 - 1;
    expect(await kidOf(ring!)).toBe(first);
    clock.now += 2;
    expect(await kidOf(ring!)).toBe(second);
    // The timer lines up the next successor; the retired key is still served for its grace period.
    await ring!.rotateIfDue();
    const third = (await servedKids(ring!)).filter((kid) => kid !== first && kid !== second);
    expect(third).toHaveLength(1);
    expect(await servedKids(ring!)).toEqual([first, second, third[0]]);

    clock.now += TTL_S * 1000;
    expect(await servedKids(ring!)).toEqual([second, third[0]]);
  });

  it('stops signing with a key another process retired, within a second, without any verification traffic', async () => {
    const {
      clock,
      rings: [signer, other],
    } = await rings(2);
    await signer!.rotateIfDue();
    const leaked = await kidOf(signer!);
    await other!.rotateNow();
    clock.now += 1001;
    const next = await kidOf(signer!);
    expect(next).not.toBe(leaked);
    expect(next).toBe(await kidOf(other!));
  });

  it('mints a fresh key and its successor after an outage longer than every key', async () => {
    const {
      clock,
      rings: [ring],
    } = await rings(1);
    await ring!.rotateIfDue();
    const before = await servedKids(ring!);
    clock.now += 10 * PERIOD_S * 1000;
    const kid = await kidOf(ring!);
    expect(before).not.toContain(kid);
    const served = await servedKids(ring!);
    expect(served).toHaveLength(2);
    expect(served[0]).toBe(kid);
  });
});
