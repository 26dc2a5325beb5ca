import { type ListenerErrorHandler, warnListenerError } from './pubsub.ts';

type Listener = (message: string) => void;

/**
 * The local listeners of each channel, shared by both PubSub implementations so they agree on the details:
 * each subscription is its own entry (the same function twice is delivered twice, each unsubscribe removes
 * one), and one listener throwing neither stops the others nor escapes to the publisher.
 */
export class ChannelListeners {
  private readonly channels = new Map<string, Set<{ listener: Listener }>>();

  constructor(private readonly onListenerError: ListenerErrorHandler = warnListenerError) {}

  /** Returns the removal for this entry (true when it emptied the channel) and whether it opened the channel. */
  add(channel: string, listener: Listener): { first: boolean; remove: () => boolean } {
    let entries = this.channels.get(channel);
    const first = entries === undefined;
    if (!entries) {
      entries = new Set();
      this.channels.set(channel, entries);
    }
    const entry = { listener };
    entries.add(entry);
    let removed = false;
    const remove = () => {
      if (removed) return false;
      removed = true;
      const current = this.channels.get(channel);
      if (!current?.delete(entry) || current.size > 0) return false;
      this.channels.delete(channel);
      return true;
    };
    return { first, remove };
  }

  has(channel: string): boolean {
    return this.channels.has(channel);
  }

  dispatch(channel: string, message: string): void {
    const entries = this.channels.get(channel);
    if (!entries) return;
    // A copy: a listener may unsubscribe (itself or others) while we iterate.
    for (const { listener } of [...entries]) {
      try {
        listener(message);
      } catch (error) {
        this.onListenerError(error, channel);
      }
    }
  }

  clear(): void {
    this.channels.clear();
  }
}
