import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeProtectedHeader, exportSPKI, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authTables } from '../../../test/harness/auth-inspection.ts';
import { api, signUpVerified, type TestUser } from '../../../test/harness/identity.ts';
import { startTestRuntime, type TestRuntime } from '../../../test/harness/test-runtime.ts';
import { requireUser, secured } from '../../kernel/auth/auth-guard.ts';
import { FieldCipher } from '../../kernel/crypto/field-cipher.ts';
import { defineService } from '../../kernel/service-module.ts';
import { authService } from './auth-service.ts';

/**
 * Acceptance 1 (tokens): forged, confused, tampered, unknown-key, expired and retired-key tokens are all
 * refused. Tokens are crafted the way an attacker would (jose, by hand); the retired key's private half
 * is read back from the database the way someone holding a dump and the master key could, which is the
 * strongest attacker a key's retirement must still stop.
 */
type SigningKey = Parameters<SignJWT['sign']>[0];

const MASTER_KEY = randomBytes(32).toString('base64');
const JWKS = '/.well-known/jwks.json';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const headerOf = (token: string) => decodeProtectedHeader(token);
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());

async function jwks(runtime: TestRuntime): Promise<JWK[]> {
  return ((await (await fetch(`${runtime.url}${JWKS}`)).json()) as { keys: JWK[] }).keys;
}

/** A signing key's private half, decrypted from signing_keys with a cipher opened on the master key. */
async function privateKeyOf(runtime: TestRuntime, kid: string) {
  const db = authTables(runtime);
  const cipher = await FieldCipher.open(db as Kysely<unknown>, Buffer.from(MASTER_KEY, 'base64'), 'auth');
  const row = await db
    .selectFrom('signing_keys')
    .select('private_enc')
    .where('kid', '=', kid)
    .executeTakeFirstOrThrow();
  return importJWK(JSON.parse(await cipher.decrypt(row.private_enc, `signing_keys:${kid}`)) as JWK, 'EdDSA');
}

/** Signs the claims of `user`'s session with `key` under `kid`, expiring when the test says. */
function craft(
  user: TestUser,
  key: SigningKey,
  header: { alg: string; kid?: string },
  options: { roles?: string[]; exp?: number; iss?: string } = {},
) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sid: user.sessionId, roles: options.roles ?? ['listener'] })
    .setProtectedHeader({ typ: 'at+jwt', ...header })
    .setSubject(user.id)
    .setIssuer(options.iss ?? 'veza')
    .setAudience('veza-api')
    .setIssuedAt(now)
    .setExpirationTime(options.exp ?? now + 10 * 365 * 86_400)
    .setJti(randomBytes(9).toString('base64url'))
    .sign(key);
}

async function expectRefused(runtime: TestRuntime, token: string, code = 'token_invalid') {
  const me = await api(runtime, 'GET', '/users/me', { token });
  expect({ status: me.status, code: me.body.code }).toEqual({ status: 401, code });
}

/** Polls `check` (no assertion about how long it takes) until it answers true, or gives up after `ms`. */
async function until(check: () => Promise<boolean>, what: string, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await sleep(100);
  }
}

describe('forged and confused tokens', () => {
  let runtime: TestRuntime;
  let user: TestUser;
  let kid: string;
  beforeAll(async () => {
    runtime = await startTestRuntime({ services: [authService], env: { VEZA_MASTER_KEY: MASTER_KEY } });
    user = await signUpVerified(runtime);
    kid = headerOf(user.accessToken).kid!;
  });
  afterAll(() => runtime?.cleanup());

  it('accepts a token the test crafts with the current key (so the refusals below are about the attack)', async () => {
    const token = await craft(user, await privateKeyOf(runtime, kid), { alg: 'EdDSA', kid });
    const me = await api(runtime, 'GET', '/users/me', { token });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(user.id);
  });

  it('refuses alg: none', async () => {
    const claims = claimsOf(user.accessToken);
    for (const alg of ['none', 'None', 'NONE'])
      await expectRefused(
        runtime,
        `${b64({ alg, typ: 'at+jwt', kid })}.${b64({ ...claims, roles: ['admin'] })}.`,
      );
  });

  it('refuses HS256 signed with the public key’s bytes (algorithm confusion)', async () => {
    const published = (await jwks(runtime)).find((key) => key.kid === kid)!;
    const publicKey = (await importJWK(published, 'EdDSA')) as Parameters<typeof exportSPKI>[0];
    const secrets = [
      Buffer.from(await exportSPKI(publicKey)),
      Buffer.from(JSON.stringify(published)),
      Buffer.from(published.x!, 'base64url'),
      Buffer.from(published.x!),
    ];
    for (const secret of secrets)
      await expectRefused(runtime, await craft(user, secret, { alg: 'HS256', kid }, { roles: ['admin'] }));
  });

  it('refuses a tampered payload (roles raised) and a tampered header', async () => {
    const [header, , signature] = user.accessToken.split('.');
    const raised = `${header}.${b64({ ...claimsOf(user.accessToken), roles: ['listener', 'admin'] })}.${signature}`;
    await expectRefused(runtime, raised);
    const users = await api(runtime, 'GET', '/users', { token: raised });
    expect(users.status).toBe(401);
    const otherKid = `${b64({ ...headerOf(user.accessToken), kid: 'someone-else' })}.${user.accessToken.split('.').slice(1).join('.')}`;
    await expectRefused(runtime, otherKid);
  });

  it('refuses a token signed by a key the server never published, under a new kid or the real one', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    await expectRefused(runtime, await craft(user, privateKey, { alg: 'EdDSA', kid: 'made-up-kid' }));
    await expectRefused(runtime, await craft(user, privateKey, { alg: 'EdDSA', kid }));
    await expectRefused(runtime, await craft(user, privateKey, { alg: 'EdDSA' }));
  });

  it('refuses an expired token with token_expired, and another issuer’s token', async () => {
    const key = await privateKeyOf(runtime, kid);
    const past = Math.floor(Date.now() / 1000) - 60;
    await expectRefused(
      runtime,
      await craft(user, key, { alg: 'EdDSA', kid }, { exp: past }),
      'token_expired',
    );
    await expectRefused(runtime, await craft(user, key, { alg: 'EdDSA', kid }, { iss: 'elsewhere' }));
  });
});

describe('signing key rotation', () => {
  let runtime: TestRuntime;
  beforeAll(async () => {
    runtime = await startTestRuntime({
      services: [authService],
      env: {
        VEZA_MASTER_KEY: MASTER_KEY,
        VEZA_SIGNING_KEY_ROTATION_SECONDS: '2',
        VEZA_ACCESS_TOKEN_TTL_SECONDS: '3',
      },
    });
  });
  afterAll(() => runtime?.cleanup());

  it('publishes the signing key and its successor ahead of use, keeps the previous one for its grace period, then refuses it', async () => {
    const user = await signUpVerified(runtime);
    const first = headerOf(user.accessToken).kid!;
    const lineUp = (await jwks(runtime)).map((key) => key.kid);
    expect(lineUp).toContain(first);
    // The successor is published before it signs anything.
    expect(lineUp.length).toBeGreaterThanOrEqual(2);

    let refreshToken = user.refreshToken;
    let current = first;
    let latest = user.accessToken;
    await until(async () => {
      const refreshed = await api(runtime, 'POST', '/auth/refresh', { body: { refreshToken } });
      expect(refreshed.status).toBe(200);
      refreshToken = refreshed.body.refreshToken;
      latest = refreshed.body.accessToken;
      current = headerOf(latest).kid!;
      return current !== first;
    }, 'a token signed by the next key');
    // It was minted (and so published) before the previous key's period ended.
    const rows = await authTables(runtime)
      .selectFrom('signing_keys')
      .selectAll()
      .where('kid', 'in', [first, current])
      .execute();
    const byKid = new Map(rows.map((row) => [row.kid, row]));
    expect(byKid.get(current)!.created_at.getTime()).toBeLessThan(byKid.get(first)!.sign_until.getTime());
    // Fresh tokens from the new key verify; the previous key is retired but still served.
    expect((await api(runtime, 'GET', '/users/me', { token: latest })).status).toBe(200);
    const served = (await jwks(runtime)).map((key) => key.kid);
    expect(served).toEqual(expect.arrayContaining([first, current]));
    const retired = byKid.get(first)!;
    expect(retired.sign_until.getTime()).toBeLessThanOrEqual(Date.now());
    expect(retired.verify_until.getTime()).toBe(retired.sign_until.getTime() + 3000);

    // Once its grace period is over the key leaves the JWKS, and a token it signs is refused even with an
    // exp far in the future; the same craft with the current key is accepted.
    const retiredKey = await privateKeyOf(runtime, first);
    const session = { ...user, sessionId: claimsOf(latest).sid };
    await until(
      async () => !(await jwks(runtime)).some((key) => key.kid === first),
      'the retired key to leave',
    );
    let answer = { status: 0, code: '' };
    await until(async () => {
      const token = await craft(session, retiredKey, { alg: 'EdDSA', kid: first });
      const me = await api(runtime, 'GET', '/users/me', { token });
      answer = { status: me.status, code: me.body.code };
      return me.status !== 200;
    }, 'verifiers to drop the retired key');
    expect(answer).toEqual({ status: 401, code: 'token_invalid' });
    await expectRefused(runtime, await craft(session, retiredKey, { alg: 'EdDSA', kid: first }));
    const signing = headerOf(
      (await api(runtime, 'POST', '/auth/refresh', { body: { refreshToken } })).body.accessToken,
    ).kid!;
    const fresh = await craft(session, await privateKeyOf(runtime, signing), { alg: 'EdDSA', kid: signing });
    expect((await api(runtime, 'GET', '/users/me', { token: fresh })).status).toBe(200);
  });

  it('refuses a token that worked a moment ago once it expires, with token_expired', async () => {
    const user = await signUpVerified(runtime);
    expect((await api(runtime, 'GET', '/users/me', { token: user.accessToken })).status).toBe(200);
    let answer = { status: 200, code: '' };
    await until(async () => {
      const me = await api(runtime, 'GET', '/users/me', { token: user.accessToken });
      answer = { status: me.status, code: me.body.code };
      return me.status !== 200;
    }, 'the token to expire');
    expect(answer).toEqual({ status: 401, code: 'token_expired' });
    expect(claimsOf(user.accessToken).exp * 1000).toBeLessThanOrEqual(Date.now());
  });
});

/** Another process's service: it has no key ring, only the auth process's JWKS URL. */
const probeService = defineService({
  name: 'probe',
  areas: ['probe'],
  migrations: [],
  routes(app) {
    app.get(
      '/probe/whoami',
      {
        schema: {
          ...secured(),
          response: { 200: Type.Object({ sub: Type.String(), roles: Type.Array(Type.String()) }) },
        },
      },
      async (request) => {
        const auth = requireUser(request);
        return { sub: auth.sub, roles: auth.roles };
      },
    );
  },
});

describe('split mode', () => {
  let issuer: TestRuntime;
  let other: TestRuntime;
  beforeAll(async () => {
    issuer = await startTestRuntime({ services: [authService] });
    other = await startTestRuntime({
      services: [probeService],
      env: { VEZA_JWKS_URL: `${issuer.url}${JWKS}` },
    });
  });
  afterAll(async () => {
    await other?.cleanup();
    await issuer?.cleanup();
  });

  it('verifies the auth process’s tokens through its JWKS and refuses forged ones', async () => {
    const user = await signUpVerified(issuer);
    const accepted = await api(other, 'GET', '/probe/whoami', { token: user.accessToken });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ sub: user.id, roles: ['listener'] });

    const [header, , signature] = user.accessToken.split('.');
    const tampered = `${header}.${b64({ ...claimsOf(user.accessToken), roles: ['admin'] })}.${signature}`;
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const published = (await jwks(issuer)).find((key) => key.kid === headerOf(user.accessToken).kid)!;
    const forgeries = [
      tampered,
      await craft(user, privateKey, { alg: 'EdDSA', kid: published.kid! }),
      await craft(user, Buffer.from(published.x!, 'base64url'), { alg: 'HS256', kid: published.kid! }),
      `${b64({ alg: 'none', kid: published.kid })}.${b64(claimsOf(user.accessToken))}.`,
    ];
    for (const token of forgeries) {
      const refused = await api(other, 'GET', '/probe/whoami', { token });
      expect({ status: refused.status, code: refused.body.code }).toEqual({
        status: 401,
        code: 'token_invalid',
      });
    }
    expect((await api(other, 'GET', '/probe/whoami')).status).toBe(401);
  });
});
