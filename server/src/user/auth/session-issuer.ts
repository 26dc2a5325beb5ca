import type { FastifyRequest } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { ProblemError } from '../../kernel/errors/problem-error.ts';
import type { ServiceContext } from '../../kernel/service-module.ts';
import type { AuthState } from './auth-state.ts';
import type { AuthDb } from './auth-tables.ts';
import { hashSecret, newSecret } from './secret-tokens.ts';

export interface IssuedSession {
  sessionId: string;
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
}

const refreshRefused = (code: string, detail: string) =>
  new ProblemError(401, code, 'Session cannot be refreshed', detail);

/**
 * Sessions are refresh-token families. Each refresh returns a new refresh token and marks the presented
 * one used; presenting a used one means it was copied, so the whole family is revoked (RFC 6819 §5.2.2.3).
 */
export class SessionIssuer {
  constructor(
    private readonly context: ServiceContext<AuthDb>,
    private readonly state: AuthState,
  ) {}

  async start(account: { id: string; roles: string[] }, request: FastifyRequest): Promise<IssuedSession> {
    const sessionId = uuidv7();
    const refreshToken = newSecret();
    const days = this.context.config.refreshTokenTtlDays;
    await this.context.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('sessions')
        .values({
          id: sessionId,
          account_id: account.id,
          device: String(request.headers['user-agent'] ?? 'unknown device').slice(0, 200),
          ip: request.ip,
          expires_at: new Date(Date.now() + days * 86_400_000),
          revoked_at: null,
          revoked_reason: null,
        })
        .execute();
      await trx
        .insertInto('refresh_tokens')
        .values({ hash: hashSecret(refreshToken), session_id: sessionId, used_at: null })
        .execute();
    });
    const access = await this.state.keys.sign({ sub: account.id, sid: sessionId, roles: account.roles });
    return { sessionId, accessToken: access.token, expiresIn: access.expiresIn, refreshToken };
  }

  async refresh(refreshToken: string): Promise<IssuedSession> {
    const next = newSecret();
    const outcome = await this.context.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('refresh_tokens')
        .innerJoin('sessions', 'sessions.id', 'refresh_tokens.session_id')
        .innerJoin('accounts', 'accounts.id', 'sessions.account_id')
        .select([
          'refresh_tokens.used_at',
          'sessions.id as session_id',
          'sessions.revoked_at',
          'sessions.expires_at',
          'accounts.id as account_id',
          'accounts.roles',
          'accounts.status',
        ])
        .where('refresh_tokens.hash', '=', hashSecret(refreshToken))
        .forUpdate()
        .executeTakeFirst();
      if (!row) return { kind: 'error', error: refreshRefused('refresh_invalid', 'Sign in again') } as const;
      // Suspension also ends every session: the precise reason tells the owner why they were signed out.
      if (row.status !== 'active')
        return {
          kind: 'error',
          error: refreshRefused('account_suspended', 'This account is suspended'),
        } as const;
      if (row.revoked_at || row.expires_at <= new Date())
        return {
          kind: 'error',
          error: refreshRefused('session_revoked', 'This session has ended; sign in again'),
        } as const;
      if (row.used_at) return { kind: 'reused', row } as const;
      await trx
        .updateTable('refresh_tokens')
        .set({ used_at: new Date() })
        .where('hash', '=', hashSecret(refreshToken))
        .execute();
      await trx
        .insertInto('refresh_tokens')
        .values({ hash: hashSecret(next), session_id: row.session_id, used_at: null })
        .execute();
      await trx
        .updateTable('sessions')
        .set({ last_seen_at: new Date() })
        .where('id', '=', row.session_id)
        .execute();
      return { kind: 'ok', row } as const;
    });
    if (outcome.kind === 'error') throw outcome.error;
    if (outcome.kind === 'reused') {
      await this.revoke(outcome.row.session_id, 'refresh token reused');
      this.context.logger.warn(
        { session: outcome.row.session_id },
        'refresh token reuse: session family revoked',
      );
      throw refreshRefused(
        'refresh_reused',
        'This refresh token was already used; the session was ended for safety',
      );
    }
    const ok = outcome.row;
    const access = await this.state.keys.sign({ sub: ok.account_id, sid: ok.session_id, roles: ok.roles });
    return {
      sessionId: ok.session_id,
      accessToken: access.token,
      expiresIn: access.expiresIn,
      refreshToken: next,
    };
  }

  /** Ends one session now: its refresh tokens stop working and its access tokens are refused everywhere. */
  async revoke(sessionId: string, reason: string): Promise<void> {
    await this.context.db
      .updateTable('sessions')
      .set({ revoked_at: new Date(), revoked_reason: reason })
      .where('id', '=', sessionId)
      .where('revoked_at', 'is', null)
      .execute();
    await this.context.revocations.revoke({ sid: sessionId, at: Math.floor(Date.now() / 1000) });
  }

  /** Ends every session of an account, but `keep` (the one changing its password stays signed in). */
  async revokeAll(accountId: string, reason: string, keep?: string): Promise<void> {
    let query = this.context.db
      .updateTable('sessions')
      .set({ revoked_at: new Date(), revoked_reason: reason })
      .where('account_id', '=', accountId)
      .where('revoked_at', 'is', null);
    if (keep) query = query.where('id', '!=', keep);
    const ended = await query.returning('id').execute();
    const at = Math.floor(Date.now() / 1000);
    for (const { id } of ended) await this.context.revocations.revoke({ sid: id, at });
  }
}
