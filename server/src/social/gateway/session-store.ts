import type { PresenceStatus } from './gateway-protocol.ts';

/**
 * What outlives a connection so another one (in any process) can RESUME the session: its user, its last
 * sequence number, its position in each topic, and the dispatches it was sent (bounded by count). The
 * whole record expires `retentionMs` after its last sign of life (append or heartbeat): that is the resume
 * window. `epoch` fences writers: a resume claims the session, and appends from the connection it replaced
 * are refused, so two connections never write one session.
 */
export interface SessionRecord {
  userId: string;
  seq: number;
  /** Topic → the last entry number this session was given. */
  cursors: Record<string, number>;
  presence: PresenceStatus;
  epoch: number;
}

export interface BufferedDispatch {
  s: number;
  frame: string;
}

export interface SessionStore {
  readonly kind: 'memory' | 'redis';
  create(sessionId: string, record: SessionRecord): Promise<void>;
  load(sessionId: string): Promise<SessionRecord | undefined>;
  /** Takes the session for a new connection: returns its new epoch, or undefined when it has expired. */
  claim(sessionId: string): Promise<number | undefined>;
  /**
   * Keeps dispatches just numbered (before they are sent: a resume never misses one that was sent) and the
   * session's new seq, cursors and presence. False when `epoch` is no longer the session's (replaced).
   */
  append(
    sessionId: string,
    epoch: number,
    update: { seq: number; cursors: Record<string, number>; presence: PresenceStatus },
    dispatches: readonly BufferedDispatch[],
  ): Promise<boolean>;
  /** Every kept dispatch after `seq`, in order; `gap` when some were trimmed away. */
  replay(sessionId: string, seq: number): Promise<BufferedDispatch[] | 'gap'>;
  /** Pushes the expiry back (heartbeats). */
  touch(sessionId: string): Promise<void>;
  close(): Promise<void>;
}

/** The same `gap` rule in both implementations: kept dispatches must continue right after `seq`. */
export function replayAfter(
  kept: readonly BufferedDispatch[],
  seq: number,
  lastSeq: number,
): BufferedDispatch[] | 'gap' {
  if (lastSeq <= seq) return [];
  const index = kept.findIndex((dispatch) => dispatch.s > seq);
  if (index < 0 || kept[index]!.s !== seq + 1) return 'gap';
  return kept.slice(index);
}
