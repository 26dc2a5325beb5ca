import type { PresenceStatus, VisiblePresence } from './gateway-protocol.ts';

/**
 * Each user's devices (sessions) and the status each one set, shared by every process so a user on two
 * devices served by two processes shows one presence. An entry lives `ttlMs` unless refreshed (heartbeats),
 * so a process that dies without cleaning up stops counting its devices once they expire.
 */
export interface PresenceStore {
  set(userId: string, sessionId: string, status: PresenceStatus, ttlMs: number): Promise<void>;
  remove(userId: string, sessionId: string): Promise<void>;
  /** The statuses of the user's live devices. */
  devices(userId: string): Promise<PresenceStatus[]>;
  close(): Promise<void>;
}

/** Do-not-disturb on any device wins (the user asked for quiet), then online, then idle; none is offline. */
const priority: readonly PresenceStatus[] = ['dnd', 'online', 'idle'];

export function aggregatePresence(devices: readonly PresenceStatus[]): VisiblePresence {
  for (const status of priority) if (devices.includes(status)) return status as VisiblePresence;
  return 'offline';
}
