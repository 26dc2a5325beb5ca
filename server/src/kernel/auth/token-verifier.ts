import { createLocalJWKSet, errors, type JSONWebKeySet, jwtVerify } from 'jose';
import { ProblemError } from '../errors/problem-error.ts';
import { type AccessClaims, TOKEN_AUDIENCE, TOKEN_ISSUER } from './access-claims.ts';
import type { RevocationList } from './revocation-list.ts';

/** The public keys access tokens may be signed with: the current key and those still in their grace period. */
export type KeySource = () => Promise<JSONWebKeySet>;

export interface TokenVerifierOptions {
  keys: KeySource;
  revocations: RevocationList;
  /** How long a fetched key set is trusted before it is fetched again (a removed key stops working then). */
  keysMaxAgeMs: number;
  /** A token naming an unknown key refetches the set, at most this often (a flood of forged kids costs nothing). */
  unknownKidRefetchMs?: number;
  now?: () => number;
  /** Told when a refetch fails while older keys stay in use. */
  onKeysError?: (error: unknown) => void;
}

const CACHE_LIMIT = 10_000;
const KEYS_RETRY_MS = 5000;

export const invalidToken = (detail: string) =>
  new ProblemError(401, 'token_invalid', 'Invalid access token', detail);

/**
 * Verifies EdDSA access tokens against a JWKS, the same way in every process: locally from the auth
 * service's key ring when it runs in this process, otherwise from its `/.well-known/jwks.json`. Only EdDSA
 * is accepted, so `alg: none` and HS256-signed-with-the-public-key tokens fail before any key is used.
 * A verified token is remembered until it expires (keyed by its exact text), so an authenticated request
 * costs one map lookup; revocations and key removals are still checked on every use.
 */
export class TokenVerifier {
  private keySet: ReturnType<typeof createLocalJWKSet> | undefined;
  private kids = new Set<string>();
  private fetchedAt = 0;
  private lastUnknownRefetch = 0;
  private refreshing: Promise<void> | undefined;
  private readonly verified = new Map<string, AccessClaims & { kid: string }>();
  private readonly now: () => number;

  constructor(private readonly options: TokenVerifierOptions) {
    this.now = options.now ?? Date.now;
  }

  async verify(token: string): Promise<AccessClaims> {
    const now = this.now();
    if (now - this.fetchedAt > this.options.keysMaxAgeMs) await this.refresh();
    const known = this.verified.get(token);
    if (known) {
      if (known.exp * 1000 <= now) {
        this.verified.delete(token);
        throw new ProblemError(
          401,
          'token_expired',
          'Access token expired',
          'Refresh the session for a new token',
        );
      }
      if (!this.kids.has(known.kid))
        throw invalidToken('The token was signed by a key that is no longer valid');
      this.options.revocations.check(known);
      return known;
    }
    const claims = await this.verifySignature(token);
    await this.options.revocations.checkRemote(claims);
    if (this.verified.size >= CACHE_LIMIT) this.verified.clear();
    this.verified.set(token, claims);
    return claims;
  }

  private async verifySignature(token: string): Promise<AccessClaims & { kid: string }> {
    try {
      return await this.jwtVerify(token);
    } catch (error) {
      if (
        error instanceof errors.JWKSNoMatchingKey &&
        this.now() - this.lastUnknownRefetch > (this.options.unknownKidRefetchMs ?? 10_000)
      ) {
        this.lastUnknownRefetch = this.now();
        await this.refresh();
        try {
          return await this.jwtVerify(token);
        } catch (retryError) {
          throw this.problemOf(retryError);
        }
      }
      throw this.problemOf(error);
    }
  }

  private async jwtVerify(token: string): Promise<AccessClaims & { kid: string }> {
    if (!this.keySet) await this.refresh();
    const { payload, protectedHeader } = await jwtVerify(token, this.keySet!, {
      algorithms: ['EdDSA'],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      currentDate: new Date(this.now()),
      requiredClaims: ['sub', 'sid', 'iat', 'exp'],
    });
    if (!Array.isArray(payload.roles)) throw invalidToken('The token carries no roles');
    return {
      sub: payload.sub!,
      sid: String(payload.sid),
      roles: payload.roles.map(String),
      iat: payload.iat!,
      exp: payload.exp!,
      kid: protectedHeader.kid!,
    };
  }

  private problemOf(error: unknown): ProblemError {
    if (error instanceof ProblemError) return error;
    if (error instanceof errors.JWTExpired)
      return new ProblemError(
        401,
        'token_expired',
        'Access token expired',
        'Refresh the session for a new token',
      );
    if (error instanceof errors.JWKSNoMatchingKey)
      return invalidToken('The token was signed by an unknown key');
    if (error instanceof errors.JOSEError) return invalidToken('The token could not be verified');
    throw error;
  }

  private refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        const jwks = await this.options.keys();
        this.keySet = createLocalJWKSet(jwks);
        this.kids = new Set(jwks.keys.map((key) => key.kid).filter((kid): kid is string => Boolean(kid)));
        this.fetchedAt = this.now();
      } catch (error) {
        // An auth process restarting must not fail every request elsewhere: keep the keys we have and
        // try again in a few seconds. With no keys at all, authenticated requests cannot be served.
        if (!this.keySet)
          throw new ProblemError(
            503,
            'auth_unavailable',
            'Authentication unavailable',
            'Token keys cannot be fetched; try again shortly',
          );
        this.fetchedAt = this.now() - this.options.keysMaxAgeMs + KEYS_RETRY_MS;
        this.options.onKeysError?.(error);
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }
}

/** Fetches a remote JWKS (split mode), with a timeout so a slow auth service cannot hang requests. */
export const remoteKeySource =
  (url: string, timeoutMs = 3000): KeySource =>
  async () => {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new Error(`JWKS ${url} answered ${response.status}`);
    return (await response.json()) as JSONWebKeySet;
  };
