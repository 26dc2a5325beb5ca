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
 * The Ed25519 keys access tokens are signed with. Each key signs for one period
 * (VEZA_SIGNING_KEY_ROTATION_SECONDS), ending at its `sign_until`; the key signing now is the one whose
 * period ends next. Its successor is always minted one period ahead, so it sits in the JWKS for about a
 * period before its first token: a verifier that caches the set for less than that never meets an unknown
 * kid. A retired key stays in the JWKS for one token lifetime, so tokens it signed keep verifying until
 * they expire, then disappears (tokens still naming it are refused). Private keys are stored encrypted
 * with the service's FieldCipher.
 */
export class SigningKeyRing {
  private active: ActiveKey | undefined;
  /** The latest sign_until of any key: when it is less than a period ahead, a successor is due. */
  private newestSignUntil = 0;
  private loaded = false;
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

  /** Mints keys until a successor is lined up a full period ahead; called on a timer and on demand. */
  async rotateIfDue(): Promise<void> {
    if (!this.loaded) await this.reload();
    if (this.newestSignUntil > this.now() + this.periodMs()) return;
    await this.db.connection().execute(async (conn) => {
      await conn.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${ROTATION_LOCK})`.execute(trx);
        const newest = await trx
          .selectFrom('signing_keys')
          .select('sign_until')
          .orderBy('sign_until', 'desc')
          .executeTakeFirst();
        await this.lineUp(trx, newest?.sign_until.getTime() ?? 0);
      });
    });
    await this.reload();
  }

  /** Retires the signing key at once (e.g. suspected leak): a successor signs from now on. */
  async rotateNow(): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${ROTATION_LOCK})`.execute(trx);
      const at = new Date(this.now());
      // Every key still to sign (the current one and its lined-up successor) is retired at once.
      await trx
        .updateTable('signing_keys')
        .set({ sign_until: at, verify_until: new Date(this.now() + this.options.tokenTtlSeconds * 1000) })
        .where('sign_until', '>', at)
        .execute();
      await this.lineUp(trx, 0);
    });
    await this.reload();
  }

  /** Mints from the newest key's end on until some key signs beyond the next period (at most two keys). */
  private async lineUp(trx: Kysely<AuthDb>, newestSignUntil: number): Promise<void> {
    const now = this.now();
    let newest = newestSignUntil;
    while (newest <= now + this.periodMs()) newest = await this.mint(trx, Math.max(newest, now));
  }

  private periodMs(): number {
    return this.options.rotationSeconds * 1000;
  }

  private async signingKey(): Promise<ActiveKey> {
    const usable = () => this.active !== undefined && this.active.signUntil > this.now();
    // Reread at least each second even when the key in hand looks fine: another process may have retired
    // it (rotateNow), and a process that only signs would otherwise never notice. The lined-up successor
    // is usually in the table already; mint only when it is not (a long outage).
    if (!usable() || this.now() >= this.jwksExpiresAt) await this.reload();
    if (!usable()) await this.rotateIfDue();
    return this.active!;
  }

  /** Stores a new key whose period starts at `startsAt`; returns the end of that period. */
  private async mint(trx: Kysely<AuthDb>, startsAt: number): Promise<number> {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const kid = randomBytes(8).toString('base64url');
    const signUntil = startsAt + this.periodMs();
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
    return signUntil;
  }

  private async reload(): Promise<void> {
    const at = new Date(this.now());
    const rows = await this.db
      .selectFrom('signing_keys')
      .selectAll()
      .where('verify_until', '>', at)
      .orderBy('sign_until', 'asc')
      .execute();
    this.jwks = { keys: rows.map((row) => JSON.parse(row.public_jwk) as JWK) };
    this.newestSignUntil = rows.at(-1)?.sign_until.getTime() ?? 0;
    this.loaded = true;
    // The signing key is the one whose period ends next; its lined-up successor waits its turn.
    const signing = rows.find((row) => row.sign_until > at);
    if (!signing) this.active = undefined;
    else if (signing.kid !== this.active?.kid) {
      const jwk = JSON.parse(
        await this.cipher.decrypt(signing.private_enc, `signing_keys:${signing.kid}`),
      ) as JWK;
      this.active = {
        kid: signing.kid,
        privateKey: (await importJWK(jwk, 'EdDSA')) as PrivateKey,
        signUntil: signing.sign_until.getTime(),
      };
    } else {
      // Same key, but another process may have cut its period short (rotateNow): stop signing with it then.
      this.active.signUntil = signing.sign_until.getTime();
    }
    // Reread within a second: other processes' mints and retirements show up that soon.
    this.jwksExpiresAt = this.now() + 1000;
  }
}
