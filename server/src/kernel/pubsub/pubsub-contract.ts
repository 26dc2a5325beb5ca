import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListenerErrorHandler, PubSub } from './pubsub.ts';

/**
 * Two ends as two processes would hold them. In-process both are one instance; on Redis they are separate
 * instances with their own connections, so every message in these tests crosses Redis.
 */
export interface PubSubPair {
  publisher: PubSub;
  subscriber: PubSub;
}

/** Collects what a listener receives; `until` resolves once `count` messages have arrived. */
export function inbox() {
  const messages: string[] = [];
  let waiters: { count: number; resolve: () => void }[] = [];
  const listener = (message: string) => {
    messages.push(message);
    const ready = waiters.filter((waiter) => messages.length >= waiter.count);
    waiters = waiters.filter((waiter) => messages.length < waiter.count);
    for (const waiter of ready) waiter.resolve();
  };
  const until = (count: number, timeoutMs = 5_000) =>
    new Promise<string[]>((resolve, reject) => {
      if (messages.length >= count) return resolve(messages);
      const timer = setTimeout(
        () => reject(new Error(`waited ${timeoutMs} ms for ${count} messages, got ${messages.length}`)),
        timeoutMs,
      );
      waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve(messages);
        },
      });
    });
  return { messages, listener, until };
}

/** The behaviour every PubSub must show, run against each implementation by the *.test.ts files. */
export function describePubSubContract(
  name: string,
  open: (onListenerError: ListenerErrorHandler) => Promise<PubSubPair>,
): void {
  describe(`PubSub contract: ${name}`, () => {
    let publisher: PubSub;
    let subscriber: PubSub;
    const listenerErrors: { error: unknown; channel: string }[] = [];
    const channel = (label: string) => `contract.${label}.${randomUUID()}`;

    beforeAll(async () => {
      ({ publisher, subscriber } = await open((error, channel) => listenerErrors.push({ error, channel })));
    });

    afterAll(async () => {
      await Promise.all([...new Set([publisher, subscriber])].filter(Boolean).map((end) => end.close()));
    });

    it('answers ping on both ends', async () => {
      await expect(publisher.ping()).resolves.toBeUndefined();
      await expect(subscriber.ping()).resolves.toBeUndefined();
    });

    it('delivers messages from one end to the other, in publish order', async () => {
      const ch = channel('order');
      const received = inbox();
      await subscriber.subscribe(ch, received.listener);
      const sent = Array.from({ length: 100 }, (_, n) =>
        JSON.stringify({ op: 0, s: n, d: { text: `m${n}` } }),
      );
      for (const message of sent) await publisher.publish(ch, message);
      expect(await received.until(100)).toEqual(sent);
    });

    it('delivers only the channels subscribed to', async () => {
      const [one, two] = [channel('one'), channel('two')];
      const first = inbox();
      const second = inbox();
      await subscriber.subscribe(one, first.listener);
      await subscriber.subscribe(two, second.listener);
      await publisher.publish(two, 'for two');
      await publisher.publish(channel('nobody'), 'for nobody');
      await publisher.publish(one, 'for one');
      // Messages arrive in publish order across channels: once `one` has its message, the others are in.
      expect(await first.until(1)).toEqual(['for one']);
      expect(second.messages).toEqual(['for two']);
    });

    it('delivers to every listener; unsubscribe stops one and leaves the others', async () => {
      const ch = channel('fan-out');
      const kept = inbox();
      const dropped = inbox();
      await subscriber.subscribe(ch, kept.listener);
      const unsubscribe = await subscriber.subscribe(ch, dropped.listener);
      await publisher.publish(ch, 'both');
      await Promise.all([kept.until(1), dropped.until(1)]);
      await unsubscribe();
      await unsubscribe(); // twice is harmless
      await publisher.publish(ch, 'kept only');
      expect(await kept.until(2)).toEqual(['both', 'kept only']);
      expect(dropped.messages).toEqual(['both']);
    });

    it('stops delivery once the last listener unsubscribes, and can subscribe again', async () => {
      const ch = channel('resubscribe');
      const sentinel = channel('sentinel');
      const gone = inbox();
      const marker = inbox();
      await subscriber.subscribe(sentinel, marker.listener);
      const unsubscribe = await subscriber.subscribe(ch, gone.listener);
      await unsubscribe();
      await publisher.publish(ch, 'after unsubscribe');
      await publisher.publish(sentinel, 'done');
      await marker.until(1);
      expect(gone.messages).toEqual([]);

      const back = inbox();
      await subscriber.subscribe(ch, back.listener);
      await publisher.publish(ch, 'welcome back');
      expect(await back.until(1)).toEqual(['welcome back']);
      expect(gone.messages).toEqual([]);
    });

    it('counts each subscription of the same function separately', async () => {
      const ch = channel('twice');
      const received = inbox();
      const unsubscribeFirst = await subscriber.subscribe(ch, received.listener);
      await subscriber.subscribe(ch, received.listener);
      await publisher.publish(ch, 'a');
      await received.until(2);
      await unsubscribeFirst();
      await publisher.publish(ch, 'b');
      expect(await received.until(3)).toEqual(['a', 'a', 'b']);
    });

    it('keeps delivering to other listeners when one throws, and reports the error', async () => {
      const ch = channel('throws');
      const received = inbox();
      await subscriber.subscribe(ch, () => {
        throw new Error('listener bug');
      });
      await subscriber.subscribe(ch, received.listener);
      await publisher.publish(ch, 'still delivered');
      expect(await received.until(1)).toEqual(['still delivered']);
      expect(listenerErrors).toContainEqual({ error: new Error('listener bug'), channel: ch });
    });

    it('accepts a publish nobody listens to', async () => {
      await expect(publisher.publish(channel('void'), 'hello?')).resolves.toBeUndefined();
    });
  });
}
