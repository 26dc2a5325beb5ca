import { ChannelListeners } from './channel-listeners.ts';
import type { ListenerErrorHandler, PubSub } from './pubsub.ts';

/**
 * The embedded pub/sub: listeners in this process only, enough when one process serves every WebSocket.
 * Delivery is deferred to a microtask, as a network round trip would defer it, so code written against
 * this behaves the same on Redis (no listener runs inside `publish`).
 */
export class InProcessPubSub implements PubSub {
  readonly kind = 'in-process';
  private readonly listeners: ChannelListeners;

  constructor(options: { onListenerError?: ListenerErrorHandler } = {}) {
    this.listeners = new ChannelListeners(options.onListenerError);
  }

  async publish(channel: string, message: string): Promise<void> {
    queueMicrotask(() => this.listeners.dispatch(channel, message));
  }

  async subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>> {
    const { remove } = this.listeners.add(channel, listener);
    return async () => {
      remove();
    };
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
