import { v7 as uuidv7 } from 'uuid';
import { ConcurrencyError } from '../../kernel/events/concurrency-error.ts';
import type { EventMetadata } from '../../kernel/events/event-types.ts';
import type { ServiceContext } from '../../kernel/service-module.ts';
import { type PlayEventData, playStream } from '../shared/audio-events.ts';
import {
  creditedSeconds,
  reachesThreshold,
  replayWindowStart,
  SESSION_MAX_AGE_SECONDS,
  sessionExpired,
} from './play-counting.ts';
import { claimCountedPlay, findSessionForUpdate, sweepPlays } from './play-session-store.ts';
import type { StreamDb } from './stream-tables.ts';

export interface Listener {
  /** The signed-in account, or null. */
  listenerId: string | null;
  listenerKey: string;
}

export interface ProgressReport {
  positionSeconds: number;
  listenedSeconds: number;
}

/** Concurrent plays of one track append to one `plays-<trackId>` stream: a lost race is tried again. */
const APPEND_ATTEMPTS = 5;

/**
 * Play sessions in the `play_sessions` table (shared by every process, surviving restarts): started by
 * the player, fed progress reports, counted once the rules of play-counting.ts say so, when
 * `stream.TrackPlayed` is appended in the same transaction. `clock` is injectable so tests can move time.
 */
export class PlaySessions {
  constructor(
    private readonly ctx: ServiceContext<StreamDb>,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async start(trackId: string, ownerId: string, listener: Listener): Promise<string> {
    const id = uuidv7();
    await this.ctx.db
      .insertInto('play_sessions')
      .values({
        id,
        track_id: trackId,
        owner_id: ownerId,
        listener_id: listener.listenerId,
        listener_key: listener.listenerKey,
        started_at: this.clock(),
        listened_seconds: 0,
        position_seconds: 0,
        counted: false,
      })
      .execute();
    return id;
  }

  /**
   * Applies a progress report; null when there is no such session to report to (unknown, too old, or
   * started by another account). `counted` says whether the session's play has been counted, by this
   * report or an earlier one.
   */
  async report(
    playId: string,
    callerId: string | null,
    report: ProgressReport,
    metadata: EventMetadata,
  ): Promise<{ counted: boolean } | null> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#apply(playId, callerId, report, metadata);
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= APPEND_ATTEMPTS) throw error;
      }
    }
  }

  async #apply(
    playId: string,
    callerId: string | null,
    report: ProgressReport,
    metadata: EventMetadata,
  ): Promise<{ counted: boolean } | null> {
    const now = this.clock();
    return this.ctx.write(metadata, async (tx) => {
      // The row lock makes concurrent reports of one session apply one after the other.
      const session = await findSessionForUpdate(tx.db, playId);
      if (!session || sessionExpired(session.started_at, now)) return null;
      // A signed-out report is accepted (an expired access token must not lose the play); another account's is not.
      if (session.listener_id !== null && callerId !== null && callerId !== session.listener_id) return null;
      const listened = creditedSeconds(
        { startedAt: session.started_at, listenedSeconds: session.listened_seconds },
        report.listenedSeconds,
        now,
      );
      let counted = session.counted;
      if (!counted && reachesThreshold(listened)) {
        counted = await claimCountedPlay(
          tx.db,
          session.listener_key,
          session.track_id,
          now,
          replayWindowStart(now),
        );
        if (counted) {
          const data: PlayEventData['TrackPlayed'] = {
            trackId: session.track_id,
            ownerId: session.owner_id,
            listenerId: session.listener_id,
            listenerKey: session.listener_key,
            listenedSeconds: Math.round(listened * 10) / 10,
            playedAt: now.toISOString(),
          };
          await tx.append(playStream(session.track_id), 'any', [{ type: 'TrackPlayed', data }]);
        }
      }
      await tx.db
        .updateTable('play_sessions')
        .set({
          listened_seconds: listened,
          position_seconds: report.positionSeconds,
          counted,
          updated_at: now,
        })
        .where('id', '=', playId)
        .execute();
      return { counted };
    });
  }

  /** Deletes what can no longer matter: sessions past their age, counted plays past the replay window. */
  sweep(): Promise<void> {
    const now = this.clock();
    return sweepPlays(
      this.ctx.db,
      new Date(now.getTime() - SESSION_MAX_AGE_SECONDS * 1000),
      replayWindowStart(now),
    );
  }
}
