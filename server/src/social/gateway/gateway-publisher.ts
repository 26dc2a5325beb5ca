import type { PubSub } from '../../kernel/pubsub/pubsub.ts';
import type { TopicLog } from './topic-log.ts';
import { EVENT_NAME, encodeTopicMessage, topicChannel } from './topic-message.ts';

/**
 * How any service sends an event to the clients of a topic (`channel:<id>`, `user:<id>`, `community:<id>`):
 * `dispatch` numbers it in the topic's log first, so a client that was away receives it on RESUME;
 * `ephemeral` (typing, presence) only goes to who is connected now and may be dropped under backpressure.
 */
export class GatewayPublisher {
  constructor(
    private readonly log: TopicLog,
    private readonly pubsub: PubSub,
  ) {}

  async dispatch(topic: string, t: string, d: unknown): Promise<number> {
    assertEventName(t);
    const payload = JSON.stringify(d);
    const id = await this.log.append(topic, t, payload);
    await this.pubsub.publish(topicChannel(topic), encodeTopicMessage({ id, t, d: payload }));
    return id;
  }

  async ephemeral(topic: string, t: string, d: unknown): Promise<void> {
    assertEventName(t);
    await this.pubsub.publish(topicChannel(topic), encodeTopicMessage({ t, d: JSON.stringify(d) }));
  }
}

function assertEventName(t: string): void {
  if (!EVENT_NAME.test(t))
    throw new Error(`gateway event names are UPPER_SNAKE_CASE, got ${JSON.stringify(t)}`);
}
