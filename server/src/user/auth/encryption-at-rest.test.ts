import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authTables } from '../../../test/harness/auth-inspection.ts';
import { FetchBrowser } from '../../../test/harness/fetch-browser.ts';
import { api, PASSWORD, signUpVerified, type TestUser } from '../../../test/harness/identity.ts';
import {
  type OidcTestProvider,
  oidcProvidersEnv,
  reserveIssuer,
  startOidcTestProvider,
} from '../../../test/harness/oidc-test-provider.ts';
import { createTestEnvironment, type TestEnvironment } from '../../../test/harness/test-environment.ts';
import { startTestRuntime, type TestRuntime } from '../../../test/harness/test-runtime.ts';
import { runVeza } from '../../../test/harness/veza-process.ts';
import { FieldCipher } from '../../kernel/crypto/field-cipher.ts';
import { authService } from './auth-service.ts';
import { openProviderTokens } from './oidc/provider-tokens.ts';
import { currentStep, totpCode } from './totp.ts';

/**
 * Acceptance 4: the auth schema holds no sensitive value in the clear (read straight from the tables,
 * every column of every row, events and key tables included), and rotating the data key with
 * `veza keys rotate-data-key` keeps everything readable while values move to the new key as they are read.
 */
const MASTER_KEY = randomBytes(32).toString('base64');

let environment: TestEnvironment;
let env: Record<string, string>;
let runtime: TestRuntime;
let provider: OidcTestProvider;
let cipher: FieldCipher;

const start = () => startTestRuntime({ services: [authService], environment, env });

beforeAll(async () => {
  environment = await createTestEnvironment();
  const { port, issuer } = await reserveIssuer();
  const clientSecret = randomBytes(24).toString('base64url');
  env = {
    VEZA_MASTER_KEY: MASTER_KEY,
    VEZA_OIDC_PROVIDERS: oidcProvidersEnv({ id: 'test', issuer, clientId: 'veza-test', clientSecret }),
  };
  runtime = await start();
  provider = await startOidcTestProvider({
    port,
    clientId: 'veza-test',
    clientSecret,
    redirectUris: [`${runtime.url}/api/v1/auth/oidc/test/callback`],
  });
  // A cipher of the test's own on the same master key: what someone holding a dump and the key could read.
  cipher = await FieldCipher.open(
    authTables(runtime) as Kysely<unknown>,
    Buffer.from(MASTER_KEY, 'base64'),
    'auth',
  );
});
afterAll(async () => {
  await provider?.close();
  await runtime?.cleanup();
  await environment?.cleanup();
});

/** Every row of every table in the auth schema, each as PostgreSQL's text form of the whole row. */
async function everyRowAsText(): Promise<{ table: string; text: string }[]> {
  const db = runtime.database.kysely;
  const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables
    where table_schema = 'auth' and table_type = 'BASE TABLE'`.execute(db);
  expect(tables.rows.map((table) => table.name)).toEqual(
    expect.arrayContaining(['accounts', 'identities', 'signing_keys', 'data_keys', 'events']),
  );
  const rows: { table: string; text: string }[] = [];
  for (const { name } of tables.rows) {
    const result = await sql<{
      text: string;
    }>`select t::text as text from ${sql.table(`auth.${name}`)} t`.execute(db);
    for (const row of result.rows) rows.push({ table: name, text: row.text });
  }
  return rows;
}

async function enableTwoFactor(user: TestUser) {
  const setup = await api(runtime, 'POST', '/auth/2fa/setup', {
    token: user.accessToken,
    body: { password: PASSWORD },
  });
  const step = currentStep();
  const enabled = await api(runtime, 'POST', '/auth/2fa/enable', {
    token: user.accessToken,
    body: { code: totpCode(setup.body.secret, step) },
  });
  expect(enabled.status).toBe(200);
  return { secret: setup.body.secret as string, step };
}

/** First sign-in through the OIDC provider: creates an account holding the provider's tokens. */
async function signInWithProvider(email: string) {
  const sub = `sub-${randomBytes(4).toString('hex')}`;
  provider.signInAs({
    sub,
    email,
    email_verified: true,
    preferred_username: `oidc${randomBytes(2).toString('hex')}`,
  });
  const browser = new FetchBrowser();
  const callbackPrefix = `${runtime.url}/api/v1/auth/oidc/test/callback`;
  const walked = await browser.walk(
    `${runtime.url}/api/v1/auth/oidc/test/start?returnTo=%2F`,
    (next) => !next.startsWith(callbackPrefix),
  );
  const landed = await browser.request(walked.location!);
  expect(landed.status).toBe(302);
  expect(landed.headers.get('location')).toBe(`${runtime.url}/`);
  return sub;
}

const kidOf = (stored: string) => stored.split('.')[1];

describe('encryption at rest', () => {
  it('keeps no email, phone, TOTP secret, signing private key or provider token in the clear', async () => {
    const user = await signUpVerified(runtime, {
      email: `plain.text.${randomBytes(3).toString('hex')}@example.test`,
    });
    const phone = `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    const phoneSet = await api(runtime, 'PUT', '/users/me/phone', {
      token: user.accessToken,
      body: { phone, password: PASSWORD },
    });
    expect(phoneSet.status).toBeLessThan(300);
    const { secret } = await enableTwoFactor(user);
    const providerEmail = `someone.${randomBytes(3).toString('hex')}@provider.test`;
    const subject = await signInWithProvider(providerEmail);

    const db = authTables(runtime);
    const account = await db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    const identity = await db
      .selectFrom('identities')
      .selectAll()
      .where('provider', '=', 'test')
      .where('subject', '=', subject)
      .executeTakeFirstOrThrow();
    const tokens = await openProviderTokens(cipher, 'test', subject, identity.tokens_enc!);
    expect(tokens.accessToken.length).toBeGreaterThan(10);
    const keys = await db.selectFrom('signing_keys').selectAll().execute();
    const privateJwks = await Promise.all(
      keys.map(async (key) => JSON.parse(await cipher.decrypt(key.private_enc, `signing_keys:${key.kid}`))),
    );
    // Every sensitive column holds a ciphertext that names its data key.
    for (const stored of [
      account.email_enc,
      account.phone_enc,
      account.totp_secret_enc,
      identity.email_enc,
      identity.tokens_enc,
      ...keys.map((key) => key.private_enc),
    ])
      expect(stored).toMatch(/^v1\.[\w-]+\.[\w-]+$/);

    const needles = [
      user.email,
      user.email.toLowerCase(),
      phone,
      phone.slice(1),
      secret,
      secret.toLowerCase(),
      providerEmail,
      tokens.accessToken,
      ...(tokens.refreshToken ? [tokens.refreshToken] : []),
      ...privateJwks.flatMap((jwk: { d: string }) => [
        jwk.d,
        Buffer.from(jwk.d, 'base64url').toString('base64'),
        Buffer.from(jwk.d, 'base64url').toString('hex'),
      ]),
    ];
    const rows = await everyRowAsText();
    const found = rows.flatMap(({ table, text }) =>
      needles
        .filter((needle) => text.toLowerCase().includes(needle.toLowerCase()))
        .map((needle) => ({ table, needle })),
    );
    expect(found).toEqual([]);
    // The scan does find what is stored in the clear (the username), so an empty result means something.
    expect(rows.some(({ table, text }) => table === 'accounts' && text.includes(user.username))).toBe(true);
  });

  it('rotates the data key with `veza keys rotate-data-key`: everything stays readable, values move on read', async () => {
    const user = await signUpVerified(runtime);
    await api(runtime, 'PUT', '/users/me/phone', {
      token: user.accessToken,
      body: { phone: '+15557654321', password: PASSWORD },
    });
    const withTwoFactor = await signUpVerified(runtime);
    const { secret, step } = await enableTwoFactor(withTwoFactor);
    const db = () => authTables(runtime);
    const before = await db()
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    const oldKey = kidOf(before.email_enc);
    expect(kidOf(before.phone_enc!)).toBe(oldKey);

    // The embedded database belongs to the running server: the operator stops it, rotates, starts it.
    await runtime.stop();
    const refused = await runVeza(['keys', 'rotate-data-key', '--service=notes'], {
      ...environment.env,
      ...env,
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('notes keeps no encrypted fields');
    const rotated = await runVeza(['keys', 'rotate-data-key', '--service=auth'], {
      ...environment.env,
      ...env,
    });
    expect(rotated.stderr).toBe('');
    expect(rotated.code).toBe(0);
    const newKey = /^auth: data key ([\w-]+) is active/.exec(rotated.stdout)?.[1];
    expect(newKey).toBeDefined();
    expect(newKey).not.toBe(oldKey);
    runtime = await start();

    const active = await (
      authTables(runtime) as unknown as Kysely<{ data_keys: { id: string; active: boolean } }>
    )
      .selectFrom('data_keys')
      .select('id')
      .where('active', '=', true)
      .executeTakeFirstOrThrow();
    expect(active.id).toBe(newKey);
    const untouched = await db()
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(kidOf(untouched.email_enc)).toBe(oldKey);

    // Sign-in by email goes through the keyed hash, which rotation leaves alone; signing keys still open.
    const signIn = await api(runtime, 'POST', '/auth/sign-in', {
      body: { login: user.email.toUpperCase(), password: PASSWORD },
    });
    expect(signIn.status).toBe(200);
    const me = await api(runtime, 'GET', '/users/me', { token: signIn.body.accessToken });
    expect(me.body).toMatchObject({ email: user.email, phone: '+15557654321' });
    const reread = await db()
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(kidOf(reread.email_enc)).toBe(newKey);
    expect(kidOf(reread.phone_enc!)).toBe(newKey);

    // A TOTP secret under the old key still checks codes; new values are written under the new key.
    const withCode = await api(runtime, 'POST', '/auth/sign-in', {
      body: { login: withTwoFactor.email, password: PASSWORD, totp: totpCode(secret, step + 1) },
    });
    expect(withCode.status).toBe(200);
    const later = await signUpVerified(runtime);
    const fresh = await db()
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', later.id)
      .executeTakeFirstOrThrow();
    expect(kidOf(fresh.email_enc)).toBe(newKey);
  });
});
