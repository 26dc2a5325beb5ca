import amqp, { type Channel, type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import type { Logger } from 'pino';
import type { KernelMetrics } from '../../metrics/kernel-metrics.ts';
import type { StoredEvent } from '../event-types.ts';
import { qualifiedType } from '../event-types.ts';
import { type BusSubscription, type EventBus, type RetryPolicy, retryDelay } from './event-bus.ts';

const ATTEMPTS_HEADER = 'x-veza-attempts';
const PREFETCH = 64;

interface ActiveConsumer {
  subscription: BusSubscription;
  channel: Channel;
  tag: string;
  // Messages of a group are applied one after another, in the order the queue gives them.
  chain: Promise<void>;
}

/**
 * Domain events over RabbitMQ: one durable topic exchange, routing key `source.Type`; one durable
 * queue per consumer group (several processes of a group share it); publisher confirms; manual acks
 * after the effect commits; failures go to a retry queue whose TTL dead-letters them back, and after
 * the last attempt to `veza.<group>.dead`.
 */
export class RabbitMqBus implements EventBus {
  readonly kind = 'rabbitmq';
  private connection: ChannelModel | undefined;
  private publisher: ConfirmChannel | undefined;
  private readonly consumers: ActiveConsumer[] = [];
  private readonly subscriptions: BusSubscription[] = [];
  private connecting: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly options: {
      namespace: string;
      logger: Logger;
      metrics: KernelMetrics;
      retry: RetryPolicy;
    },
  ) {}

  private get exchange() {
    return `${this.options.namespace}.events`;
  }
  private queueName(group: string) {
    return `${this.options.namespace}.${group}`;
  }
  private retryQueueName(group: string) {
    return `${this.queueName(group)}.retry`;
  }
  private deadQueueName(group: string) {
    return `${this.queueName(group)}.dead`;
  }

  async connect(): Promise<void> {
    this.connecting ??= this.open().finally(() => {
      this.connecting = undefined;
    });
    await this.connecting;
  }

  private async open(): Promise<void> {
    const connection = await amqp.connect(this.url);
    connection.on('error', (error: Error) =>
      this.options.logger.warn({ err: error }, 'RabbitMQ connection error'),
    );
    connection.on('close', () => {
      this.connection = undefined;
      this.publisher = undefined;
      this.consumers.length = 0;
      if (!this.closed) this.reconnectSoon();
    });
    const publisher = await connection.createConfirmChannel();
    await publisher.assertExchange(this.exchange, 'topic', { durable: true });
    this.connection = connection;
    this.publisher = publisher;
    for (const subscription of this.subscriptions) await this.consume(subscription);
  }

  private reconnectSoon(attempt = 1): void {
    const delay = Math.min(250 * 2 ** attempt, 10_000);
    this.options.logger.warn({ delay }, 'RabbitMQ connection lost; reconnecting');
    setTimeout(() => {
      if (this.closed) return;
      this.connect().catch(() => this.reconnectSoon(attempt + 1));
    }, delay).unref();
  }

  async publish(events: readonly StoredEvent[]): Promise<void> {
    if (!this.publisher) await this.connect();
    const channel = this.publisher!;
    for (const event of events) {
      channel.publish(this.exchange, qualifiedType(event), Buffer.from(JSON.stringify(event)), {
        persistent: true,
        messageId: event.eventId,
        type: qualifiedType(event),
        contentType: 'application/json',
        timestamp: Math.floor(event.occurredAt.getTime() / 1000),
      });
    }
    await channel.waitForConfirms();
  }

  async subscribe(subscription: BusSubscription): Promise<void> {
    this.subscriptions.push(subscription);
    if (this.connection) await this.consume(subscription);
    else await this.connect();
  }

  private async consume(subscription: BusSubscription): Promise<void> {
    const { group, patterns } = subscription;
    const channel = await this.connection!.createChannel();
    await channel.assertExchange(this.exchange, 'topic', { durable: true });
    await channel.assertQueue(this.queueName(group), { durable: true });
    await channel.assertQueue(this.retryQueueName(group), {
      durable: true,
      deadLetterExchange: '',
      deadLetterRoutingKey: this.queueName(group),
    });
    await channel.assertQueue(this.deadQueueName(group), { durable: true });
    for (const pattern of patterns) await channel.bindQueue(this.queueName(group), this.exchange, pattern);
    await channel.prefetch(PREFETCH);
    const active: ActiveConsumer = { subscription, channel, tag: '', chain: Promise.resolve() };
    const { consumerTag } = await channel.consume(this.queueName(group), (message) => {
      if (!message) return;
      active.chain = active.chain.then(() => this.handle(active, message));
    });
    active.tag = consumerTag;
    this.consumers.push(active);
  }

  private async handle(active: ActiveConsumer, message: ConsumeMessage): Promise<void> {
    const { subscription, channel } = active;
    const attempts = Number(message.properties.headers?.[ATTEMPTS_HEADER] ?? 1);
    try {
      await subscription.deliver(decode(message.content));
      channel.ack(message);
    } catch (error) {
      const { group } = subscription;
      const { metrics, retry, logger } = this.options;
      metrics.consumerFailures.inc({ group, outcome: 'retry' });
      try {
        const last = attempts >= retry.maxAttempts;
        if (last) {
          metrics.consumerFailures.inc({ group, outcome: 'dead_letter' });
          logger.error(
            { err: error, group, messageId: message.properties.messageId },
            'event dead-lettered after retries',
          );
        }
        const publisher = this.publisher;
        if (!publisher) throw new Error('no publisher channel');
        publisher.sendToQueue(
          last ? this.deadQueueName(group) : this.retryQueueName(group),
          message.content,
          {
            ...message.properties,
            persistent: true,
            headers: {
              ...message.properties.headers,
              [ATTEMPTS_HEADER]: attempts + 1,
              'x-veza-error': String(error),
            },
            ...(last ? {} : { expiration: String(retryDelay(retry, attempts)) }),
          },
        );
        await publisher.waitForConfirms();
        channel.ack(message);
      } catch (requeueError) {
        // Could not park it: leave it to the broker to redeliver.
        logger.warn({ err: requeueError, group }, 'could not schedule a retry; requeueing');
        channel.nack(message, false, true);
      }
    }
  }

  async ping(): Promise<void> {
    if (!this.connection || !this.publisher) throw new Error('not connected to RabbitMQ');
    await this.publisher.checkExchange(this.exchange);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const consumer of this.consumers) await consumer.channel.cancel(consumer.tag).catch(() => {});
    await Promise.all(this.consumers.map((consumer) => consumer.chain));
    await this.connection?.close().catch(() => {});
  }
}

function decode(content: Buffer): StoredEvent {
  const event = JSON.parse(content.toString('utf8')) as StoredEvent & { occurredAt: string };
  return { ...event, occurredAt: new Date(event.occurredAt) };
}
