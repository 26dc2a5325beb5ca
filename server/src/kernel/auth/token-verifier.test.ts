import { exportJWK, generateKeyPair, type JSONWebKeySet, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { MemoryCache } from '../cache/memory-cache.ts';
import { InProcessPubSub } from '../pubsub/in-process-pubsub.ts';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from './access-claims.ts';
import { RevocationList } from './revocation-list.ts';
import { TokenVerifier } from './token-verifier.ts';

async function keyPair(kid: string) {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA' } };
}

const sign = (key: Awaited<ReturnType<typeof keyPair>>, now: number, claims: Record<string, unknown> = {}) =>
  new SignJWT({ sid: 's1', roles: ['listener'], ...claims })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid })
    .setSubject('u1')
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt(Math.floor(now / 1000))
    .setExpirationTime(Math.floor(now / 1000) + 900)
    .sign(key.privateKey);

/** A verifier over a key set the test controls, on a clock the test moves. */
function harness(initial: JSONWebKeySet) {
  const state = { jwks: initial, now: 1_800_000_000_000, fetches: 0, failing: false };
  const revocations = new RevocationList(new MemoryCache(), new InProcessPubSub(), 900);
  const verifier = new TokenVerifier({
    keys: async () => {
      state.fetches++;
      if (state.failing) throw new Error('auth process down');
      return state.jwks;
    },
    revocations,
    keysMaxAgeMs: 60_000,
    unknownKidRefetchMs: 10_000,
    now: () => state.now,
  });
  return { state, verifier, revocations };
}

describe('TokenVerifier', () => {
  it('verifies once, then answers from memory until the key set is due for a refetch', async () => {
    const key = await keyPair('k1');
    const { state, verifier } = harness({ keys: [key.jwk] });
    const token = await sign(key, state.now);
    expect((await verifier.verify(token)).sub).toBe('u1');
    await verifier.verify(token);
    expect(state.fetches).toBe(1);
    state.now += 61_000;
    await verifier.verify(token);
    expect(state.fetches).toBe(2);
  });

  it('refuses a remembered token once its key leaves the set', async () => {
    const key = await keyPair('k1');
    const { state, verifier } = harness({ keys: [key.jwk] });
    const token = await sign(key, state.now);
    await verifier.verify(token);
    state.jwks = { keys: [] };
    state.now += 61_000;
    await expect(verifier.verify(token)).rejects.toMatchObject({ status: 401, code: 'token_invalid' });
  });

  it('refetches on an unknown kid, but at most once per interval', async () => {
    const old = await keyPair('k1');
    const next = await keyPair('k2');
    const { state, verifier } = harness({ keys: [old.jwk] });
    await verifier.verify(await sign(old, state.now));
    state.jwks = { keys: [old.jwk, next.jwk] };
    state.now += 11_000;
    expect((await verifier.verify(await sign(next, state.now))).sub).toBe('u1');
    expect(state.fetches).toBe(2);
    const forged = await keyPair('k3');
    await expect(verifier.verify(await sign(forged, state.now))).rejects.toMatchObject({
      code: 'token_invalid',
    });
    await expect(verifier.verify(await sign(forged, state.now, { sid: 's2' }))).rejects.toMatchObject({
      code: 'token_invalid',
    });
    expect(state.fetches).toBe(2);
  });

  it('says token_expired for an expired token, even one it remembered', async () => {
    const key = await keyPair('k1');
    const { state, verifier } = harness({ keys: [key.jwk] });
    const token = await sign(key, state.now);
    await verifier.verify(token);
    state.now += 901_000;
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'token_expired' });
  });

  it('refuses a revoked session at once, remembered or not', async () => {
    const key = await keyPair('k1');
    const { state, verifier, revocations } = harness({ keys: [key.jwk] });
    const token = await sign(key, state.now);
    await verifier.verify(token);
    await revocations.revoke({ sid: 's1', at: Math.floor(state.now / 1000) });
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'session_revoked' });
    await expect(verifier.verify(await sign(key, state.now, { jti: 'other' }))).rejects.toMatchObject({
      code: 'session_revoked',
    });
  });

  it('keeps the previous keys when a refetch fails, and answers 503 when it never had any', async () => {
    const key = await keyPair('k1');
    const { state, verifier } = harness({ keys: [key.jwk] });
    const token = await sign(key, state.now);
    await verifier.verify(token);
    state.failing = true;
    state.now += 61_000;
    expect((await verifier.verify(token)).sub).toBe('u1');
    const cold = harness({ keys: [key.jwk] });
    cold.state.failing = true;
    await expect(cold.verifier.verify(token)).rejects.toMatchObject({
      status: 503,
      code: 'auth_unavailable',
    });
  });
});
