/**
 * The rules of a play (issue 4): it counts once per listener per track per 30 minutes, after 30 s of
 * listening. The player reports how long it has listened; the server does not take that on trust.
 */
export const PLAY_THRESHOLD_SECONDS = 30;
export const REPLAY_WINDOW_SECONDS = 30 * 60;
/**
 * How far a report may run ahead of the server's clock: the player starts counting before its request
 * reaches us, and report requests take time too.
 */
export const CLOCK_SLACK_SECONDS = 2;
/** A session older than this takes no more reports (a paused tab left overnight starts a new play). */
export const SESSION_MAX_AGE_SECONDS = 12 * 3600;

export interface SessionProgress {
  /** Server time the session started. */
  startedAt: Date;
  /** Listened time recorded so far. */
  listenedSeconds: number;
}

/**
 * The listened time to record for a report: what the player says, but never more than the time elapsed
 * on the server since the session started (plus slack), and never less than already recorded (reports
 * can arrive out of order). Not capped by the track's duration: a looped track keeps playing.
 */
export function creditedSeconds(session: SessionProgress, reportedSeconds: number, now: Date): number {
  const elapsed = Math.max(0, (now.getTime() - session.startedAt.getTime()) / 1000);
  const credited = Math.min(reportedSeconds, elapsed + CLOCK_SLACK_SECONDS);
  return Math.max(session.listenedSeconds, credited);
}

export const reachesThreshold = (listenedSeconds: number) => listenedSeconds >= PLAY_THRESHOLD_SECONDS;

/** A listener's earlier play of the track at or before this moment no longer stops a new one counting. */
export const replayWindowStart = (now: Date) => new Date(now.getTime() - REPLAY_WINDOW_SECONDS * 1000);

export const sessionExpired = (startedAt: Date, now: Date) =>
  now.getTime() - startedAt.getTime() > SESSION_MAX_AGE_SECONDS * 1000;
