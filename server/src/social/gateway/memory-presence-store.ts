import type { PresenceStatus } from './gateway-protocol.ts';
import type { PresenceStore } from './presence-store.ts';

/** The embedded presence store: this process's memory. */
export class MemoryPresenceStore implements PresenceStore {
  private readonly users = new Map<string, Map<string, { status: PresenceStatus; expiresAt: number }>>();

  async set(userId: string, sessionId: string, status: PresenceStatus, ttlMs: number): Promise<void> {
    let devices = this.users.get(userId);
    if (!devices) {
      devices = new Map();
      this.users.set(userId, devices);
    }
    devices.set(sessionId, { status, expiresAt: Date.now() + ttlMs });
  }

  async remove(userId: string, sessionId: string): Promise<void> {
    const devices = this.users.get(userId);
    devices?.delete(sessionId);
    if (devices?.size === 0) this.users.delete(userId);
  }

  async devices(userId: string): Promise<PresenceStatus[]> {
    const now = Date.now();
    return [...(this.users.get(userId)?.values() ?? [])]
      .filter((device) => device.expiresAt > now)
      .map((device) => device.status);
  }

  async close(): Promise<void> {
    this.users.clear();
  }
}
