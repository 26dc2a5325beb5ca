import type { Redis } from 'ioredis';
import { connectRedis } from '../redis/redis-connection.ts';
import { ChannelListeners } from './channel-listeners.ts';
import type { ListenerErrorHandler, PubSub } from './pubsub.ts';

export interface RedisPubSubOptions {
  url: string;
  /** Namespaces channels (ioredis' keyPrefix does not apply to them), so deployments can share a Redis. */
  keyPrefix?: string;
  onListenerError?: ListenerErrorHandler;
}

/**
 * Pub/sub across processes through Redis. A connection that has subscribed can do nothing else, hence two:
 * one publishes, one subscribes. However many local listeners a channel has, Redis sees one SUBSCRIBE for
 * it, taken with the first listener and dropped with the last. ioredis resubscribes after a reconnect;
 * messages published while disconnected are lost, as Redis pub/sub always loses them.
 */
export class RedisPubSub implements PubSub {
  readonly kind = 'redis';
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly prefix: string;
  private readonly listeners: ChannelListeners;
  /** The SUBSCRIBE of each channel in use, so a second listener waits for the first one's to be confirmed. */
  private readonly subscribed = new Map<string, Promise<unknown>>();

  constructor(options: RedisPubSubOptions) {
    this.prefix = options.keyPrefix ?? 'veza:';
    this.listeners = new ChannelListeners(options.onListenerError);
    this.publisher = connectRedis(options.url);
    this.subscriber = connectRedis(options.url);
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel.startsWith(this.prefix))
        this.listeners.dispatch(channel.slice(this.prefix.length), message);
    });
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.publisher.publish(this.prefix + channel, message);
  }

  async subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>> {
    const { first, remove } = this.listeners.add(channel, listener);
    if (first) this.subscribed.set(channel, this.subscriber.subscribe(this.prefix + channel));
    try {
      await this.subscribed.get(channel);
    } catch (error) {
      if (remove()) this.subscribed.delete(channel);
      throw error;
    }
    return async () => {
      if (!remove()) return;
      this.subscribed.delete(channel);
      // Commands on one connection run in order: a SUBSCRIBE sent after this by a new listener still wins.
      await this.subscriber.unsubscribe(this.prefix + channel);
    };
  }

  async ping(): Promise<void> {
    await Promise.all([this.publisher.ping(), this.subscriber.ping()]);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.subscribed.clear();
    await Promise.all([this.publisher.quit(), this.subscriber.quit()]);
  }
}
