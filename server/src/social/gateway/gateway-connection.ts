import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import { type ClientCommand, parseClientCommand } from './client-commands.ts';
import { CommandBudget } from './command-budget.ts';
import type { GatewayHub } from './gateway-hub.ts';
import {
  CloseCode,
  type CloseCodeValue,
  dispatchFrame,
  frame,
  Opcode,
  type PresenceStatus,
} from './gateway-protocol.ts';
import type { BufferedDispatch } from './session-store.ts';
import type { TopicEntry } from './topic-log.ts';
import { isLogged, type TopicMessage } from './topic-message.ts';

type Phase = 'hello' | 'authenticating' | 'ready' | 'closed';

/**
 * One WebSocket: HELLO, then IDENTIFY or RESUME, then dispatches. Every dispatch is numbered and kept in the
 * session store before it is sent (write-ahead), so whatever the socket lost, RESUME finds. Ephemeral
 * dispatches are dropped when the socket is congested; a client that lets logged ones pile up past the hard
 * limit is disconnected (4010) and resumes.
 */
export class GatewayConnection {
  phase: Phase = 'hello';
  sessionId = '';
  userId = '';
  epoch = 0;
  lastHeartbeatAt: number;
  private seq = 0;
  private presence: PresenceStatus = 'online';
  private readonly cursors = new Map<string, number>();
  /** Live entries wait here while the session is being set up or caught up. */
  private holding: { topic: string; message: TopicMessage }[] | undefined;
  private pending: { t: string; d: string }[] = [];
  private flushing: Promise<void> | undefined;
  private readonly budget: CommandBudget;
  private readonly listener = (topic: string, message: TopicMessage) => {
    if (this.holding) this.holding.push({ topic, message });
    else this.accept(topic, message);
  };

  constructor(
    private readonly ws: WebSocket,
    private readonly hub: GatewayHub,
  ) {
    const { options } = hub;
    this.budget = new CommandBudget(options.commandBurst, options.commandsPerSecond);
    this.lastHeartbeatAt = Date.now();
    ws.on('message', (data, isBinary) => {
      if (this.phase === 'closed') return;
      if (isBinary) return this.close(CloseCode.DecodeError, 'binary frames are not accepted');
      void this.receive(data.toString()).catch((error) => {
        hub.logger.error({ err: error }, 'gateway command failed');
        this.close(CloseCode.UnknownError, 'internal error');
      });
    });
    ws.on('close', () => this.closed());
    ws.on('error', () => {});
    ws.send(frame(Opcode.Hello, { heartbeatInterval: options.heartbeatIntervalMs }));
  }

  get topics(): string[] {
    return [...this.cursors.keys()];
  }

  private async receive(text: string): Promise<void> {
    const command = parseClientCommand(text);
    if (command === 'decode') return this.close(CloseCode.DecodeError, 'invalid payload');
    if (command === 'unknown-opcode') return this.close(CloseCode.UnknownOpcode, 'unknown opcode');
    if (command.op === Opcode.Heartbeat) return this.heartbeat();
    if (!this.budget.take()) return this.close(CloseCode.RateLimited, 'too many commands');
    if (command.op === Opcode.Identify || command.op === Opcode.Resume) {
      if (this.phase !== 'hello') return this.close(CloseCode.AlreadyAuthenticated, 'already authenticated');
      this.phase = 'authenticating';
      return command.op === Opcode.Identify ? this.identify(command.d) : this.resume(command.d);
    }
    if (this.phase !== 'ready') return this.close(CloseCode.NotAuthenticated, 'identify first');
    return this.command(command);
  }

  private heartbeat(): void {
    this.lastHeartbeatAt = Date.now();
    this.ws.send(frame(Opcode.HeartbeatAck, null));
    if (this.phase === 'ready') void this.hub.keepAlive(this).catch(() => {});
  }

  private async command(command: ClientCommand): Promise<void> {
    if (command.op === Opcode.PresenceUpdate) {
      this.presence = command.d.status;
      await this.hub.announcePresence(this);
    } else if (command.op === Opcode.TypingStart) {
      // Only where the user may read: the channel's topic must be one of the session's.
      const topic = `channel:${command.d.channelId}`;
      if (!this.cursors.has(topic)) return;
      await this.hub.publisher.ephemeral(topic, 'TYPING_START', {
        channelId: command.d.channelId,
        userId: this.userId,
        timestamp: Date.now(),
      });
    }
  }

  get presenceStatus(): PresenceStatus {
    return this.presence;
  }

  private async authenticate(token: string): Promise<string | undefined> {
    try {
      return (await this.hub.verifyAccessToken(token)).sub;
    } catch {
      this.close(CloseCode.AuthenticationFailed, 'invalid access token');
      return undefined;
    }
  }

  private async identify(d: { token: string; presence?: PresenceStatus }): Promise<void> {
    const userId = await this.authenticate(d.token);
    if (!userId || this.isClosed()) return;
    this.userId = userId;
    this.sessionId = randomBytes(16).toString('base64url');
    this.presence = d.presence ?? 'online';
    this.epoch = 1;
    await this.hub.sessions.create(this.sessionId, {
      userId,
      seq: 0,
      cursors: {},
      presence: this.presence,
      epoch: this.epoch,
    });
    this.holding = [];
    for (const topic of await this.hub.topicsFor(userId)) await this.subscribe(topic);
    const ready = await this.hub.readyState(userId);
    if (this.isClosed()) return this.unsubscribeAll();
    this.phase = 'ready';
    this.hub.register(this);
    this.ws.send(
      dispatchFrame(
        'READY',
        0,
        JSON.stringify({ ...ready, sessionId: this.sessionId, user: { id: userId } }),
      ),
    );
    this.release();
    await this.hub.announcePresence(this);
  }

  private async resume(d: { token: string; sessionId: string; seq: number }): Promise<void> {
    const userId = await this.authenticate(d.token);
    if (!userId || this.isClosed()) return;
    const { sessions } = this.hub;
    const record = await sessions.load(d.sessionId);
    if (!record || record.userId !== userId || d.seq > record.seq) return this.invalidSession();
    const epoch = await sessions.claim(d.sessionId);
    if (epoch === undefined) return this.invalidSession();
    await this.hub.replaced(d.sessionId, epoch);
    const replay = await sessions.replay(d.sessionId, d.seq);
    if (replay === 'gap') return this.invalidSession();
    Object.assign(this, {
      userId,
      sessionId: d.sessionId,
      epoch,
      seq: record.seq,
      presence: record.presence,
    });
    this.holding = [];
    const missed: { topic: string; entries: TopicEntry[] }[] = [];
    for (const topic of await this.hub.topicsFor(userId)) {
      await this.subscribe(topic);
      const cursor = record.cursors[topic];
      if (cursor === undefined) continue;
      // What was published after the session's last dispatch, maybe while no process held it.
      const entries = await this.hub.log.after(topic, cursor);
      if (entries === 'gap') return this.invalidSession();
      this.cursors.set(topic, cursor);
      missed.push({ topic, entries });
    }
    if (this.isClosed()) return this.unsubscribeAll();
    this.phase = 'ready';
    this.hub.register(this);
    for (const { frame: sent } of replay) this.ws.send(sent);
    for (const { topic, entries } of missed) for (const entry of entries) this.accept(topic, entry);
    await this.flushed();
    this.ws.send(dispatchFrame('RESUMED', this.seq, JSON.stringify({ sessionId: this.sessionId })));
    this.release();
    await this.hub.announcePresence(this);
  }

  /** Read through a method: the phase changes while a command awaits, which narrowing cannot see. */
  private isClosed(): boolean {
    return this.phase === 'closed';
  }

  private invalidSession(): void {
    this.unsubscribeAll();
    this.userId = '';
    this.sessionId = '';
    if (this.isClosed()) return;
    this.phase = 'hello';
    this.lastHeartbeatAt = Date.now();
    this.ws.send(frame(Opcode.InvalidSession, false));
  }

  private async subscribe(topic: string): Promise<void> {
    const position = await this.hub.feeds.attach(topic, this.listener);
    if (!this.cursors.has(topic)) this.cursors.set(topic, position);
  }

  /** Evaluates the user's topics again (permissions changed): new ones from now on, lost ones at once. */
  async refreshTopics(): Promise<void> {
    const allowed = new Set(await this.hub.topicsFor(this.userId));
    if (this.phase !== 'ready') return;
    for (const topic of this.topics)
      if (!allowed.has(topic)) {
        this.hub.feeds.detach(topic, this.listener);
        this.cursors.delete(topic);
      }
    for (const topic of allowed) if (!this.cursors.has(topic)) await this.subscribe(topic);
  }

  private release(): void {
    const held = this.holding ?? [];
    this.holding = undefined;
    for (const { topic, message } of held) this.accept(topic, message);
  }

  private accept(topic: string, message: TopicMessage): void {
    if (this.phase === 'closed' || !this.cursors.has(topic)) return;
    if (isLogged(message)) {
      if (message.id <= this.cursors.get(topic)!) return;
      this.cursors.set(topic, message.id);
    } else if (this.ws.bufferedAmount > this.hub.options.softBufferBytes) {
      this.hub.stats.droppedEphemeral++;
      return;
    }
    this.pending.push({ t: message.t, d: message.d });
    this.flushing ??= this.flush().finally(() => {
      this.flushing = undefined;
    });
  }

  private async flushed(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0 && this.phase !== 'closed') {
      const batch = this.pending.splice(0);
      const dispatches: BufferedDispatch[] = batch.map(({ t, d }) => {
        const s = ++this.seq;
        return { s, frame: dispatchFrame(t, s, d) };
      });
      const kept = await this.hub.sessions.append(
        this.sessionId,
        this.epoch,
        { seq: this.seq, cursors: Object.fromEntries(this.cursors), presence: this.presence },
        dispatches,
      );
      if (!kept) return this.close(CloseCode.SessionReplaced, 'session resumed elsewhere');
      for (const { frame: text } of dispatches) {
        if (this.ws.readyState !== WebSocket.OPEN) return;
        if (this.ws.bufferedAmount > this.hub.options.hardBufferBytes) {
          this.hub.stats.tooSlow++;
          return this.close(CloseCode.TooSlow, 'too slow: resume');
        }
        this.ws.send(text);
      }
    }
  }

  /** Sends a close frame, and drops the socket if the client does not answer (it may not be reading). */
  close(code: CloseCodeValue, reason: string): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    this.ws.close(code, reason);
    setTimeout(() => this.ws.terminate(), this.hub.options.closeTimeoutMs).unref();
  }

  /** The process is going away: tell the client to reconnect (to another process) and resume. */
  goAway(): void {
    if (this.phase === 'closed') return;
    this.ws.send(frame(Opcode.Reconnect, null));
    this.close(CloseCode.GoingAway, 'server restarting: resume');
  }

  private unsubscribeAll(): void {
    for (const topic of this.cursors.keys()) this.hub.feeds.detach(topic, this.listener);
    this.cursors.clear();
    this.holding = undefined;
  }

  private closed(): void {
    const wasReady = this.phase === 'ready' || this.hub.isRegistered(this);
    this.phase = 'closed';
    this.unsubscribeAll();
    this.pending = [];
    if (wasReady) this.hub.unregister(this);
  }
}
