/**
 * Fire-and-forget messages between the processes of a deployment, for the WebSocket gateway: a dispatch
 * published by whichever process handled a request reaches the clients connected to every other process.
 * Delivery is at most once and only to listeners subscribed at the time (Redis pub/sub semantics); the
 * gateway's sequence numbers and resume cover what a disconnected listener misses.
 */
export interface PubSub {
  readonly kind: 'in-process' | 'redis';
  /** Resolves once the message is handed on; it does not wait for listeners to run. */
  publish(channel: string, message: string): Promise<void>;
  /**
   * Resolves once messages published from now on will be delivered. Returns the unsubscribe for this one
   * subscription (subscribing the same function twice delivers twice; each unsubscribe removes one).
   */
  subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Where a listener's exception goes: it must neither stop the other listeners nor crash the process. */
export type ListenerErrorHandler = (error: unknown, channel: string) => void;

export const warnListenerError: ListenerErrorHandler = (error, channel) => {
  process.emitWarning(
    `a pub/sub listener on ${channel} threw: ${error instanceof Error ? error.stack : error}`,
  );
};
