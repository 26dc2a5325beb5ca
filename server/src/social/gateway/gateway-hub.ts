import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { AccessClaims } from '../../kernel/auth/access-claims.ts';
import type { PubSub } from '../../kernel/pubsub/pubsub.ts';
import { GatewayConnection } from './gateway-connection.ts';
import type { GatewayOptions } from './gateway-options.ts';
import {
  type GatewayAuthorizer,
  onPermissionsChanged,
  type ReadyStateProvider,
  userTopic,
} from './gateway-plugins.ts';
import { CloseCode } from './gateway-protocol.ts';
import { GatewayPublisher } from './gateway-publisher.ts';
import { aggregatePresence, type PresenceStore } from './presence-store.ts';
import type { SessionStore } from './session-store.ts';
import { TopicFeeds } from './topic-feeds.ts';
import type { TopicLog } from './topic-log.ts';

const SESSIONS_CHANNEL = 'gateway:session-claimed';

export interface GatewayHubDeps {
  options: GatewayOptions;
  logger: Logger;
  pubsub: PubSub;
  log: TopicLog;
  sessions: SessionStore & { sweep?(): void };
  presence: PresenceStore;
  verifyAccessToken(token: string): Promise<AccessClaims>;
  authorizers: readonly GatewayAuthorizer[];
  readyProviders: readonly ReadyStateProvider[];
}

/** Counters tests and metrics read. */
export interface GatewayStats {
  droppedEphemeral: number;
  tooSlow: number;
}

/**
 * The gateway of one process: its connections, the topic feeds they share, the heartbeat sweep that closes
 * zombies, and the signals from other processes (a session resumed elsewhere, permissions changed).
 */
export class GatewayHub {
  readonly options: GatewayOptions;
  readonly logger: Logger;
  readonly log: TopicLog;
  readonly sessions: GatewayHubDeps['sessions'];
  readonly feeds: TopicFeeds;
  readonly publisher: GatewayPublisher;
  readonly stats: GatewayStats = { droppedEphemeral: 0, tooSlow: 0 };
  private readonly connections = new Set<GatewayConnection>();
  private readonly bySession = new Map<string, GatewayConnection>();
  private readonly stops: (() => Promise<void>)[] = [];
  private sweep: NodeJS.Timeout | undefined;

  constructor(private readonly deps: GatewayHubDeps) {
    this.options = deps.options;
    this.logger = deps.logger;
    this.log = deps.log;
    this.sessions = deps.sessions;
    this.feeds = new TopicFeeds(deps.pubsub, deps.log, deps.logger);
    this.publisher = new GatewayPublisher(deps.log, deps.pubsub);
  }

  async start(): Promise<void> {
    this.stops.push(
      await this.deps.pubsub.subscribe(SESSIONS_CHANNEL, (text) => {
        const [sessionId, epoch] = text.split(' ');
        const holder = this.bySession.get(sessionId!);
        if (holder && holder.epoch < Number(epoch))
          holder.close(CloseCode.SessionReplaced, 'session resumed elsewhere');
      }),
      await onPermissionsChanged(this.deps.pubsub, (userIds) => {
        const users = userIds && new Set(userIds);
        for (const connection of this.bySession.values())
          if (!users || users.has(connection.userId))
            void connection
              .refreshTopics()
              .catch((error) => this.logger.error({ err: error }, 'gateway topics could not be refreshed'));
      }),
    );
    const every = Math.max(10, Math.floor(this.options.heartbeatIntervalMs / 4));
    this.sweep = setInterval(() => this.closeZombies(), every);
    this.sweep.unref();
  }

  accept(ws: WebSocket): void {
    const connection = new GatewayConnection(ws, this);
    this.connections.add(connection);
    ws.once('close', () => this.connections.delete(connection));
  }

  /** A client gets the interval and half of it again to heartbeat (or to IDENTIFY) before it counts as gone. */
  private closeZombies(): void {
    const deadline = Date.now() - this.options.heartbeatIntervalMs * 1.5;
    for (const connection of this.connections) {
      if (connection.lastHeartbeatAt >= deadline) continue;
      if (connection.phase === 'ready') connection.close(CloseCode.SessionTimedOut, 'no heartbeat: resume');
      else if (connection.phase === 'hello') connection.close(CloseCode.NotAuthenticated, 'identify in time');
    }
    this.sessions.sweep?.();
  }

  verifyAccessToken(token: string): Promise<AccessClaims> {
    return this.deps.verifyAccessToken(token);
  }

  async topicsFor(userId: string): Promise<string[]> {
    const topics = new Set([userTopic(userId)]);
    for (const authorizer of this.deps.authorizers)
      for (const topic of await authorizer.topicsFor(userId)) topics.add(topic);
    return [...topics];
  }

  async readyState(userId: string): Promise<Record<string, unknown>> {
    const parts = await Promise.all(this.deps.readyProviders.map((provide) => provide(userId)));
    return Object.assign({}, ...parts);
  }

  register(connection: GatewayConnection): void {
    this.bySession.set(connection.sessionId, connection);
  }

  isRegistered(connection: GatewayConnection): boolean {
    return this.bySession.get(connection.sessionId) === connection;
  }

  unregister(connection: GatewayConnection): void {
    if (!this.isRegistered(connection)) return;
    this.bySession.delete(connection.sessionId);
    void this.deps.presence
      .remove(connection.userId, connection.sessionId)
      .then(() => this.publishPresence(connection.userId))
      .catch((error) => this.logger.warn({ err: error }, 'gateway presence could not be removed'));
  }

  /** Tells every process that a session was claimed by a new connection: the old one closes (4011). */
  async replaced(sessionId: string, epoch: number): Promise<void> {
    const holder = this.bySession.get(sessionId);
    if (holder && holder.epoch < epoch) {
      // Same process: hand over at once, without letting its close remove the presence the new one sets.
      this.bySession.delete(sessionId);
      holder.close(CloseCode.SessionReplaced, 'session resumed elsewhere');
    }
    await this.deps.pubsub.publish(SESSIONS_CHANNEL, `${sessionId} ${epoch}`);
  }

  /** A heartbeat: the session and the device's presence live on. */
  async keepAlive(connection: GatewayConnection): Promise<void> {
    await Promise.all([
      this.sessions.touch(connection.sessionId),
      this.deps.presence.set(
        connection.userId,
        connection.sessionId,
        connection.presenceStatus,
        this.presenceTtlMs,
      ),
    ]);
  }

  private get presenceTtlMs(): number {
    return this.options.heartbeatIntervalMs * 2;
  }

  async announcePresence(connection: GatewayConnection): Promise<void> {
    await this.deps.presence.set(
      connection.userId,
      connection.sessionId,
      connection.presenceStatus,
      this.presenceTtlMs,
    );
    await this.publishPresence(connection.userId);
  }

  private async publishPresence(userId: string): Promise<void> {
    const status = aggregatePresence(await this.deps.presence.devices(userId));
    const topics = new Set<string>();
    for (const authorizer of this.deps.authorizers)
      for (const topic of (await authorizer.presenceTopicsFor?.(userId)) ?? []) topics.add(topic);
    for (const topic of topics) await this.publisher.ephemeral(topic, 'PRESENCE_UPDATE', { userId, status });
  }

  /** Shutdown: every client is told to reconnect elsewhere and resume; sessions stay in the store. */
  async sendAway(): Promise<void> {
    clearInterval(this.sweep);
    for (const connection of this.connections) connection.goAway();
    for (const stop of this.stops.splice(0)) await stop();
  }
}
