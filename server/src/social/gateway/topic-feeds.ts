import type { Logger } from 'pino';
import type { PubSub } from '../../kernel/pubsub/pubsub.ts';
import type { TopicLog } from './topic-log.ts';
import { decodeTopicMessage, isLogged, type TopicMessage, topicChannel } from './topic-message.ts';

export type TopicListener = (topic: string, message: TopicMessage) => void;

interface Feed {
  /** The last logged entry handed to listeners: they see every entry after it, in order. */
  position: number;
  listeners: Set<TopicListener>;
  /** Entries wait here while the feed opens or fills a hole from the log. */
  waiting: TopicMessage[] | undefined;
  unsubscribe?: () => Promise<void>;
  opened: Promise<void>;
}

/**
 * One pub/sub subscription per topic per process, shared by every local connection. Logged entries reach
 * listeners exactly once and in order: one arriving early (pub/sub reorders publishes from two processes
 * and drops messages while reconnecting) makes the feed read the missing ones from the topic log first.
 */
export class TopicFeeds {
  private readonly feeds = new Map<string, Feed>();

  constructor(
    private readonly pubsub: PubSub,
    private readonly log: TopicLog,
    private readonly logger: Logger,
  ) {}

  /** Adds a listener; resolves with the position from which it receives every logged entry live. */
  async attach(topic: string, listener: TopicListener): Promise<number> {
    let feed = this.feeds.get(topic);
    if (!feed) feed = this.open(topic);
    feed.listeners.add(listener);
    await feed.opened;
    return feed.position;
  }

  detach(topic: string, listener: TopicListener): void {
    const feed = this.feeds.get(topic);
    if (!feed?.listeners.delete(listener) || feed.listeners.size > 0) return;
    this.feeds.delete(topic);
    void feed.opened
      .then(() => feed.unsubscribe?.())
      .catch((error) => this.logger.warn({ err: error, topic }, 'gateway unsubscribe failed'));
  }

  private open(topic: string): Feed {
    const feed: Feed = { position: 0, listeners: new Set(), waiting: [], opened: Promise.resolve() };
    this.feeds.set(topic, feed);
    feed.opened = (async () => {
      feed.unsubscribe = await this.pubsub.subscribe(topicChannel(topic), (text) =>
        this.receive(topic, feed, decodeTopicMessage(text)),
      );
      // Entries numbered up to here were published before the subscription: never delivered live.
      feed.position = await this.log.last(topic);
      await this.release(topic, feed);
    })();
    feed.opened.catch((error) => {
      this.logger.error({ err: error, topic }, 'gateway topic could not be opened');
      if (this.feeds.get(topic) === feed) this.feeds.delete(topic);
    });
    return feed;
  }

  private receive(topic: string, feed: Feed, message: TopicMessage): void {
    if (feed.waiting) {
      feed.waiting.push(message);
      return;
    }
    if (!isLogged(message)) {
      this.deliver(topic, feed, message);
      return;
    }
    if (message.id <= feed.position) return;
    if (message.id === feed.position + 1) {
      feed.position = message.id;
      this.deliver(topic, feed, message);
      return;
    }
    feed.waiting = [message];
    void this.release(topic, feed);
  }

  /** Fills the hole before the waiting entries from the log, then delivers them in order. */
  private async release(topic: string, feed: Feed): Promise<void> {
    const waiting = feed.waiting ?? [];
    const highest = Math.max(0, ...waiting.filter(isLogged).map((message) => message.id));
    if (highest > feed.position + 1) {
      try {
        const missed = await this.log.after(topic, feed.position);
        if (missed === 'gap') {
          // Trimmed before we read it: resuming clients get INVALID_SESSION from the same log; live ones skip.
          this.logger.warn({ topic, position: feed.position }, 'gateway feed fell behind the topic log');
          feed.position = highest - 1;
        } else waiting.unshift(...missed);
      } catch (error) {
        // Skip rather than retry forever: the sessions' cursors still let RESUME read them later.
        this.logger.error({ err: error, topic }, 'gateway feed could not read the topic log');
        feed.position = highest - 1;
      }
    }
    feed.waiting = undefined;
    const pending = waiting.splice(0);
    for (const message of pending) this.receive(topic, feed, message);
  }

  private deliver(topic: string, feed: Feed, message: TopicMessage): void {
    for (const listener of feed.listeners) {
      try {
        listener(topic, message);
      } catch (error) {
        this.logger.error({ err: error, topic }, 'gateway listener failed');
      }
    }
  }
}
