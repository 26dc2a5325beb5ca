import type { Cache } from '../cache/cache.ts';
import { ProblemError } from '../errors/problem-error.ts';
import type { PubSub } from '../pubsub/pubsub.ts';
import type { AccessClaims } from './access-claims.ts';

/** Published when sessions end early: sign-out, revoke, refresh reuse, suspension, deletion, password change. */
export interface Revocation {
  /** One session… */
  sid?: string;
  /** …or every session of an account issued before `at` (seconds since the epoch). */
  sub?: string;
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
  private readonly accounts = new Map<string, number>();

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
    if (revocation.sid) await this.cache.set(this.key('sid', revocation.sid), String(revocation.at), ttl);
    if (revocation.sub) await this.cache.set(this.key('sub', revocation.sub), String(revocation.at), ttl);
    await this.pubsub.publish(REVOCATIONS_CHANNEL, JSON.stringify(revocation));
  }

  check(claims: AccessClaims): void {
    if (this.sessions.has(claims.sid)) throw revoked();
    const since = this.accounts.get(claims.sub);
    if (since !== undefined && claims.iat <= since) throw revoked();
  }

  async checkRemote(claims: AccessClaims): Promise<void> {
    this.check(claims);
    const [sid, sub] = await Promise.all([
      this.cache.get(this.key('sid', claims.sid)),
      this.cache.get(this.key('sub', claims.sub)),
    ]);
    if (sid !== null) this.remember({ sid: claims.sid, at: Number(sid) });
    if (sub !== null) this.remember({ sub: claims.sub, at: Number(sub) });
    this.check(claims);
  }

  private remember(revocation: Revocation): void {
    if (revocation.sid) this.sessions.set(revocation.sid, revocation.at);
    if (revocation.sub)
      this.accounts.set(revocation.sub, Math.max(revocation.at, this.accounts.get(revocation.sub) ?? 0));
    this.prune(revocation.at);
  }

  /** Entries older than a token lifetime can no longer match a live token. */
  private prune(now: number): void {
    const horizon = now - this.tokenTtlSeconds - 60;
    for (const [key, at] of this.sessions) if (at < horizon) this.sessions.delete(key);
    for (const [key, at] of this.accounts) if (at < horizon) this.accounts.delete(key);
  }

  private key(kind: 'sid' | 'sub', id: string): string {
    return `auth:revoked:${kind}:${id}`;
  }
}
