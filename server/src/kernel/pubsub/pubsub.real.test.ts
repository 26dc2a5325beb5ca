import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPubSub } from './open-pubsub.ts';
import { describePubSubContract, inbox } from './pubsub-contract.ts';
import { RedisPubSub } from './redis-pubsub.ts';

// A prefix of its own, so this run hears no one else's channels.
const keyPrefix = `veza-test:${randomUUID()}:`;
const redisUrl = () => {
  const url = process.env.REDIS_URL;
  if (!url)
    throw new Error('REDIS_URL is not set: the real test project needs a Redis, e.g. redis://127.0.0.1:6379');
  return url;
};

beforeAll(() => {
  redisUrl();
});

describePubSubContract('redis (two openPubSub instances with REDIS_URL)', async (onListenerError) => {
  const [publisher, subscriber] = [1, 2].map(() =>
    openPubSub({ redisUrl: redisUrl(), keyPrefix, onListenerError }),
  );
  if (publisher?.kind !== 'redis' || subscriber?.kind !== 'redis')
    throw new Error('expected the Redis pub/sub');
  return { publisher, subscriber };
});

describe('RedisPubSub', () => {
  let observer: Redis;
  const subscriberCount = async (channel: string) => {
    const [, count] = (await observer.pubsub('NUMSUB', keyPrefix + channel)) as [string, number];
    return Number(count);
  };

  beforeAll(() => {
    observer = new Redis(redisUrl());
  });

  afterAll(async () => {
    await observer?.quit();
  });

  /** Every command Redis runs that names this text, in execution order, until `done` is called. */
  async function watchCommands(text: string) {
    const monitor = await observer.monitor();
    const seen: string[][] = [];
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args.some((arg) => arg.includes(text))) seen.push(args);
    });
    return {
      /** MONITOR streams in execution order: once our marker shows, every earlier command has too. */
      async done() {
        const marker = `${text}:marker`;
        const shown = new Promise<void>((resolve) =>
          monitor.on('monitor', (_time: string, args: string[]) => args.includes(marker) && resolve()),
        );
        await observer.echo(marker);
        await shown;
        monitor.disconnect();
        return seen.filter((args) => !args.includes(marker)).map((args) => args[0]?.toUpperCase());
      },
    };
  }

  it('holds one Redis subscription per channel, however many local listeners', async () => {
    const pubsub = new RedisPubSub({ url: redisUrl(), keyPrefix });
    try {
      const channel = `numsub.${randomUUID()}`;
      const commands = await watchCommands(channel);
      // Three at once (while the first SUBSCRIBE is in flight), then one more after.
      const unsubscribes = await Promise.all([1, 2, 3].map(() => pubsub.subscribe(channel, () => {})));
      unsubscribes.push(await pubsub.subscribe(channel, () => {}));
      expect(await commands.done()).toEqual(['SUBSCRIBE']);
      expect(await subscriberCount(channel)).toBe(1);
      for (const unsubscribe of unsubscribes.slice(0, 3)) await unsubscribe();
      expect(await subscriberCount(channel)).toBe(1);
      await unsubscribes[3]?.();
      expect(await subscriberCount(channel)).toBe(0);
    } finally {
      await pubsub.close();
    }
  });

  it('delivers to listeners subscribed concurrently, as soon as each subscribe resolves', async () => {
    const [publisher, subscriber] = [1, 2].map(() => new RedisPubSub({ url: redisUrl(), keyPrefix }));
    try {
      const channel = `concurrent.${randomUUID()}`;
      const inboxes = Array.from({ length: 10 }, () => inbox());
      await Promise.all(inboxes.map((box) => subscriber!.subscribe(channel, box.listener)));
      await publisher!.publish(channel, 'to all ten');
      for (const box of inboxes) expect(await box.until(1)).toEqual(['to all ten']);
    } finally {
      await Promise.all([publisher?.close(), subscriber?.close()]);
    }
  });

  it('keeps deployments with different prefixes apart', async () => {
    const ours = new RedisPubSub({ url: redisUrl(), keyPrefix });
    const theirs = new RedisPubSub({ url: redisUrl(), keyPrefix: `veza-test:${randomUUID()}:` });
    try {
      const channel = `shared-name.${randomUUID()}`;
      const ourInbox = inbox();
      const theirInbox = inbox();
      await ours.subscribe(channel, ourInbox.listener);
      await theirs.subscribe(channel, theirInbox.listener);
      await theirs.publish(channel, 'theirs');
      await ours.publish(channel, 'ours');
      // Redis delivers in publish order, so once ours arrived theirs would have too, had it leaked.
      expect(await ourInbox.until(1)).toEqual(['ours']);
      expect(await theirInbox.until(1)).toEqual(['theirs']);
      expect(ourInbox.messages).toEqual(['ours']);
    } finally {
      await Promise.all([ours.close(), theirs.close()]);
    }
  });
});
