import type { Cache } from '../cache/cache.ts';
import { ProblemError } from '../errors/problem-error.ts';
import type { PubSub } from '../pubsub/pubsub.ts';
import type { AccessClaims } from './access-claims.ts';

/** Published when sessions end early: sign-out, revoke, refresh reuse, suspension, deletion, password change. */
export interface Revocation {
  /** The session whose access tokens must stop working. */
  sid: string;
  /** When, in seconds since the epoch. */
  at: number;
}

export const REVOCATIONS_CHANNEL = 'auth.revocations';

const revoked = () => new ProblemError(401, 'session_revoked', 'Session revoked', 'Sign in again');

/**
 * Access tokens live 15 minutes; a revoked session must stop working now, in every process. Revocations
 * are kept in the cache for one token lifetime (checked once per new token) and broadcast on pub/sub
 * (checked in memory on every use of a token this process has already verified).
 */
export class RevocationList {
  private readonly sessions = new Map<string, number>();

  constructor(
    private readonly cache: Cache,
    private readonly pubsub: PubSub,
    private readonly tokenTtlSeconds: number,
  ) {}

  async listen(): Promise<() => Promise<void>> {
    return this.pubsub.subscribe(REVOCATIONS_CHANNEL, (message) =>
      this.remember(JSON.parse(message) as Revocation),
    );
  }

  /** Records a revocation everywhere: the cache for processes that have not seen the token yet, pub/sub for those that have. */
  async revoke(revocation: Revocation): Promise<void> {
    this.remember(revocation);
    const ttl = this.tokenTtlSeconds + 60;
    await this.cache.set(this.key(revocation.sid), String(revocation.at), ttl);
    await this.pubsub.publish(REVOCATIONS_CHANNEL, JSON.stringify(revocation));
  }

  check(claims: AccessClaims): void {
    if (this.sessions.has(claims.sid)) throw revoked();
  }

  async checkRemote(claims: AccessClaims): Promise<void> {
    this.check(claims);
    const at = await this.cache.get(this.key(claims.sid));
    if (at !== null) this.remember({ sid: claims.sid, at: Number(at) });
    this.check(claims);
  }

  private remember(revocation: Revocation): void {
    this.sessions.set(revocation.sid, revocation.at);
    this.prune(revocation.at);
  }

  /** Entries older than a token lifetime can no longer match a live token. */
  private prune(now: number): void {
    const horizon = now - this.tokenTtlSeconds - 60;
    for (const [key, at] of this.sessions) if (at < horizon) this.sessions.delete(key);
  }

  private key(sid: string): string {
    return `auth:revoked:${sid}`;
  }
}
