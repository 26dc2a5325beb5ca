import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type JSONWebKeySet, type JWK, SignJWT } from 'jose';
import { type Kysely, sql } from 'kysely';
import type { AccessClaims } from '../../kernel/auth/access-claims.ts';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../../kernel/auth/access-claims.ts';
import type { FieldCipher } from '../../kernel/crypto/field-cipher.ts';
import type { AuthDb } from './auth-tables.ts';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

interface ActiveKey {
  kid: string;
  privateKey: PrivateKey;
  signUntil: number;
}

export interface KeyRingOptions {
  rotationSeconds: number;
  tokenTtlSeconds: number;
  now?: () => number;
}

// Two processes rotating at once must not both mint a key: one advisory lock per rotation.
const ROTATION_LOCK = 0x6b_65_79_73; // "keys"

/**
 * The Ed25519 keys access tokens are signed with. The newest key signs until `sign_until`, a period set by
 * VEZA_SIGNING_KEY_ROTATION_SECONDS; a successor is minted before that, and each retired key stays in
 * the JWKS for one token lifetime so tokens it signed keep verifying until they expire, then disappears
 * (tokens still naming it are refused). Private keys are stored encrypted with the service's FieldCipher.
 */
export class SigningKeyRing {
  private active: ActiveKey | undefined;
  private jwks: JSONWebKeySet = { keys: [] };
  private jwksExpiresAt = 0;
  private readonly now: () => number;

  constructor(
    private readonly db: Kysely<AuthDb>,
    private readonly cipher: FieldCipher,
    private readonly options: KeyRingOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  async sign(claims: Omit<AccessClaims, 'iat' | 'exp'>): Promise<{ token: string; expiresIn: number }> {
    const key = await this.signingKey();
    const iat = Math.floor(this.now() / 1000);
    const token = await new SignJWT({ sid: claims.sid, roles: claims.roles })
      .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'at+jwt' })
      .setSubject(claims.sub)
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.options.tokenTtlSeconds)
      .setJti(randomBytes(9).toString('base64url'))
      .sign(key.privateKey);
    return { token, expiresIn: this.options.tokenTtlSeconds };
  }

  /** Public keys that verify tokens now: the signing key, its successor if minted, and retired keys in grace. */
  async publicKeys(): Promise<JSONWebKeySet> {
    if (this.now() >= this.jwksExpiresAt) await this.reload();
    return this.jwks;
  }

  /** Mints a successor when the signing key nears the end of its period; called on a timer and on demand. */
  async rotateIfDue(): Promise<void> {
    const margin = Math.min(this.options.rotationSeconds * 1000 * 0.1, 60_000);
    const active = this.active ?? (await this.reload(), this.active);
    if (active && active.signUntil - margin > this.now()) return;
    await this.db.connection().execute(async (conn) => {
      await conn.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${ROTATION_LOCK})`.execute(trx);
        const newest = await trx
          .selectFrom('signing_keys')
          .select('sign_until')
          .orderBy('sign_until', 'desc')
          .executeTakeFirst();
        if (newest && newest.sign_until.getTime() - margin > this.now()) return;
        await this.mint(trx, newest ? Math.max(newest.sign_until.getTime(), this.now()) : this.now());
      });
    });
    await this.reload();
  }

  /** Retires the signing key at once (e.g. suspected leak): a successor signs from now on. */
  async rotateNow(): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${ROTATION_LOCK})`.execute(trx);
      const at = new Date(this.now());
      await trx.updateTable('signing_keys').set({ sign_until: at }).where('sign_until', '>', at).execute();
      await trx
        .updateTable('signing_keys')
        .set({ verify_until: new Date(this.now() + this.options.tokenTtlSeconds * 1000) })
        .where('sign_until', '=', at)
        .execute();
      await this.mint(trx, this.now());
    });
    await this.reload();
  }

  private async signingKey(): Promise<ActiveKey> {
    if (!this.active || this.active.signUntil <= this.now()) await this.rotateIfDue();
    return this.active!;
  }

  private async mint(trx: Kysely<AuthDb>, startsAt: number): Promise<void> {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const kid = randomBytes(8).toString('base64url');
    const signUntil = Math.max(startsAt, this.now()) + this.options.rotationSeconds * 1000;
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' };
    const privateJwk = JSON.stringify(await exportJWK(privateKey));
    await trx
      .insertInto('signing_keys')
      .values({
        kid,
        public_jwk: JSON.stringify(publicJwk),
        private_enc: this.cipher.encrypt(privateJwk, `signing_keys:${kid}`),
        sign_until: new Date(signUntil),
        verify_until: new Date(signUntil + this.options.tokenTtlSeconds * 1000),
      })
      .execute();
  }

  private async reload(): Promise<void> {
    const at = new Date(this.now());
    const rows = await this.db
      .selectFrom('signing_keys')
      .selectAll()
      .where('verify_until', '>', at)
      .orderBy('created_at', 'asc')
      .execute();
    this.jwks = { keys: rows.map((row) => JSON.parse(row.public_jwk) as JWK) };
    // The signing key is the oldest one still in its period: a freshly minted successor waits its turn,
    // so verifiers have already seen it in the JWKS when the first token names it.
    const signing = rows.find((row) => row.sign_until > at);
    if (signing && signing.kid !== this.active?.kid) {
      const jwk = JSON.parse(
        await this.cipher.decrypt(signing.private_enc, `signing_keys:${signing.kid}`),
      ) as JWK;
      this.active = {
        kid: signing.kid,
        privateKey: (await importJWK(jwk, 'EdDSA')) as PrivateKey,
        signUntil: signing.sign_until.getTime(),
      };
    } else if (!signing) this.active = undefined;
    // Reread when the set can next change: a key's grace ends, or within a second for other processes' mints.
    this.jwksExpiresAt = this.now() + 1000;
  }
}
