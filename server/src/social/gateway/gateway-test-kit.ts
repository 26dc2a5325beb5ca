import { WebSocket } from 'ws';
import { fixtureAuthorizer, gatewayFixtureService } from '../../../test/fixtures/gateway-fixture-service.ts';
import type { TestUser } from '../../../test/harness/identity.ts';
import { startTestRuntime, type TestRuntime } from '../../../test/harness/test-runtime.ts';
import { authService } from '../../user/auth/auth-service.ts';
import type { GatewayHub } from './gateway-hub.ts';
import { Opcode } from './gateway-protocol.ts';
import { type GatewayServiceOptions, gatewayService } from './gateway-service.ts';

/**
 * What the gateway tests share: a runtime with the auth service (real tokens), the gateway with the
 * fixture authorizer (everyone reads `channel:lobby`), the fixture publisher, and a scripted client.
 */
export const startGatewayRuntime = (options: GatewayServiceOptions = {}) =>
  startTestRuntime({
    services: [
      authService,
      gatewayService({ heartbeatIntervalMs: 60_000, authorizers: [fixtureAuthorizer], ...options }),
      gatewayFixtureService,
    ],
  });

export const hubOf = (runtime: TestRuntime) =>
  (runtime.hosted.get('gateway')!.state as { hub: GatewayHub }).hub;

export async function publish(
  baseUrl: string,
  body: { topic: string; t: string; count?: number; ephemeral?: boolean; padding?: number },
): Promise<void> {
  const response = await fetch(`${baseUrl}/api/v1/gateway-fixture/dispatch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 200)
    throw new Error(`publish answered ${response.status}: ${await response.text()}`);
}

// biome-ignore lint/suspicious/noExplicitAny: frames are whatever the server sent
export type Frame = { op: number; d: any; s?: number; t?: string };

/** A scripted gateway client: every frame it receives is kept, and tests wait for the ones they expect. */
export class TestClient {
  readonly frames: Frame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()));
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const wake of this.waiters.splice(0)) wake();
      }),
    );
  }

  static async connect(baseUrl: string, options: { perMessageDeflate?: boolean } = {}): Promise<TestClient> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/gateway`, {
      perMessageDeflate: options.perMessageDeflate ?? true,
    });
    const client = new TestClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    await client.next((frame) => frame.op === Opcode.Hello);
    return client;
  }

  send(op: number, d: unknown): void {
    this.ws.send(JSON.stringify({ op, d }));
  }

  /** The first frame (from `from` on) that matches, waiting for it; fails if the socket closes first. */
  async next(match: (frame: Frame) => boolean, from = 0): Promise<Frame> {
    for (;;) {
      const found = this.frames.slice(from).find(match);
      if (found) return found;
      if (this.ws.readyState === WebSocket.CLOSED)
        throw new Error(
          `socket closed before the expected frame; got ${JSON.stringify(this.frames.slice(-3))}`,
        );
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Waits until `count` dispatches named `t` arrived, and returns them. */
  async dispatches(t: string, count: number): Promise<Frame[]> {
    for (;;) {
      const found = this.frames.filter((frame) => frame.op === Opcode.Dispatch && frame.t === t);
      if (found.length >= count) return found;
      if (this.ws.readyState === WebSocket.CLOSED)
        throw new Error(`socket closed after ${found.length} of ${count} ${t}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  async identify(user: Pick<TestUser, 'accessToken'>, presence?: string): Promise<Frame> {
    this.send(Opcode.Identify, { token: user.accessToken, ...(presence ? { presence } : {}) });
    return this.next((frame) => frame.t === 'READY');
  }

  /** Heartbeats every `ms` until the socket closes (tests with short intervals that must not go zombie). */
  keepBeating(ms: number): void {
    const beat = setInterval(() => this.send(Opcode.Heartbeat, { seq: this.lastSeq }), ms);
    this.ws.once('close', () => clearInterval(beat));
  }

  /** The highest `s` received so far. */
  get lastSeq(): number {
    return Math.max(
      0,
      ...this.frames.filter((frame) => typeof frame.s === 'number').map((frame) => frame.s!),
    );
  }

  /** Cuts the connection as a network failure would: no close frame. */
  destroy(): void {
    this.ws.terminate();
  }
}
