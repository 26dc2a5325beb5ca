import {
  type BufferedDispatch,
  replayAfter,
  type SessionRecord,
  type SessionStore,
} from './session-store.ts';

interface Held {
  record: SessionRecord;
  buffer: BufferedDispatch[];
  expiresAt: number;
}

/** The embedded session store: this process's memory, expired lazily on access and by `sweep()`. */
export class MemorySessionStore implements SessionStore {
  readonly kind = 'memory';
  private readonly sessions = new Map<string, Held>();

  constructor(private readonly options: { maxDispatches: number; retentionMs: number; now?: () => number }) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  private get(sessionId: string): Held | undefined {
    const held = this.sessions.get(sessionId);
    if (held && held.expiresAt <= this.now()) {
      this.sessions.delete(sessionId);
      return undefined;
    }
    return held;
  }

  async create(sessionId: string, record: SessionRecord): Promise<void> {
    this.sessions.set(sessionId, {
      record: { ...record },
      buffer: [],
      expiresAt: this.now() + this.options.retentionMs,
    });
  }

  async load(sessionId: string): Promise<SessionRecord | undefined> {
    const held = this.get(sessionId);
    return held && { ...held.record, cursors: { ...held.record.cursors } };
  }

  async claim(sessionId: string): Promise<number | undefined> {
    const held = this.get(sessionId);
    if (!held) return undefined;
    held.expiresAt = this.now() + this.options.retentionMs;
    return ++held.record.epoch;
  }

  async append(
    sessionId: string,
    epoch: number,
    update: Pick<SessionRecord, 'seq' | 'cursors' | 'presence'>,
    dispatches: readonly BufferedDispatch[],
  ): Promise<boolean> {
    const held = this.get(sessionId);
    if (!held || held.record.epoch !== epoch) return false;
    held.record = { ...held.record, ...update, cursors: { ...update.cursors } };
    held.buffer.push(...dispatches);
    const { maxDispatches } = this.options;
    if (held.buffer.length > maxDispatches * 1.1) held.buffer.splice(0, held.buffer.length - maxDispatches);
    held.expiresAt = this.now() + this.options.retentionMs;
    return true;
  }

  async replay(sessionId: string, seq: number): Promise<BufferedDispatch[] | 'gap'> {
    const held = this.get(sessionId);
    if (!held) return 'gap';
    return replayAfter(held.buffer, seq, held.record.seq);
  }

  async touch(sessionId: string): Promise<void> {
    const held = this.get(sessionId);
    if (held) held.expiresAt = this.now() + this.options.retentionMs;
  }

  /** Drops every expired session (the gateway calls it on its heartbeat sweep). */
  sweep(): void {
    for (const sessionId of this.sessions.keys()) this.get(sessionId);
  }

  async close(): Promise<void> {
    this.sessions.clear();
  }
}
