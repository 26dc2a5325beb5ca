import { describe, expect, it } from 'vitest';
import { InProcessPubSub } from './in-process-pubsub.ts';
import { openPubSub } from './open-pubsub.ts';
import { describePubSubContract, inbox } from './pubsub-contract.ts';

describePubSubContract('in-process (openPubSub without REDIS_URL)', async (onListenerError) => {
  const pubsub = openPubSub({ onListenerError });
  if (pubsub.kind !== 'in-process') throw new Error(`expected the in-process pub/sub, got ${pubsub.kind}`);
  return { publisher: pubsub, subscriber: pubsub };
});

describe('InProcessPubSub', () => {
  it('runs no listener inside publish, as a network hop would not', async () => {
    const pubsub = new InProcessPubSub();
    const received = inbox();
    await pubsub.subscribe('c', received.listener);
    const publishing = pubsub.publish('c', 'later');
    expect(received.messages).toEqual([]);
    await publishing;
    expect(await received.until(1)).toEqual(['later']);
    await pubsub.close();
  });

  it('delivers nothing after close', async () => {
    const pubsub = new InProcessPubSub();
    const received = inbox();
    await pubsub.subscribe('c', received.listener);
    await pubsub.close();
    await pubsub.publish('c', 'too late');
    await new Promise((resolve) => setImmediate(resolve));
    expect(received.messages).toEqual([]);
  });
});
