import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Cache } from '../cache/cache.ts';
import { openCache } from '../cache/open-cache.ts';
import type { Config } from '../config/config-schema.ts';
import { defaultRetryPolicy, type EventBus, type RetryPolicy } from '../events/bus/event-bus.ts';
import { InProcessBus } from '../events/bus/in-process-bus.ts';
import { RabbitMqBus } from '../events/bus/rabbitmq-bus.ts';
import type { EventStore } from '../events/event-store.ts';
import type { Mailer } from '../mail/mailer.ts';
import { openMailer } from '../mail/open-mailer.ts';
import type { KernelMetrics } from '../metrics/kernel-metrics.ts';
import { openPubSub } from '../pubsub/open-pubsub.ts';
import type { PubSub } from '../pubsub/pubsub.ts';
import type { ObjectStorage } from '../storage/object-storage.ts';
import { openStorage } from '../storage/open-storage.ts';

export interface Adapters {
  cache: Cache;
  storage: ObjectStorage;
  mail: Mailer;
  pubsub: PubSub;
  bus: EventBus;
}

/** Every adapter is chosen by configuration alone: a URL present means the real service. */
export async function openAdapters(
  config: Config,
  deps: {
    db: Kysely<unknown>;
    stores: ReadonlyMap<string, EventStore>;
    logger: Logger;
    metrics: KernelMetrics;
    retry?: RetryPolicy;
  },
): Promise<Adapters> {
  const retry = deps.retry ?? defaultRetryPolicy;
  const bus: EventBus = config.amqpUrl
    ? new RabbitMqBus(config.amqpUrl, {
        namespace: config.namespace,
        logger: deps.logger,
        metrics: deps.metrics,
        retry,
      })
    : new InProcessBus(deps.db, deps.stores, {
        logger: deps.logger,
        metrics: deps.metrics,
        retry,
        pollMs: config.relayIntervalMs,
      });
  if (bus instanceof RabbitMqBus) await bus.connect();
  const storage = await openStorage({
    dataDir: config.dataDir,
    ...(config.s3Endpoint && config.s3Bucket
      ? {
          s3: {
            endpoint: config.s3Endpoint,
            bucket: config.s3Bucket,
            region: config.s3Region,
            accessKeyId: config.s3AccessKeyId,
            secretAccessKey: config.s3SecretAccessKey,
            forcePathStyle: config.s3ForcePathStyle,
          },
        }
      : {}),
  });
  return {
    cache: openCache({ redisUrl: config.redisUrl, keyPrefix: `${config.namespace}:` }),
    storage,
    mail: openMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, logger: deps.logger }),
    pubsub: openPubSub({ redisUrl: config.redisUrl, keyPrefix: `${config.namespace}:` }),
    bus,
  };
}

export function adapterKinds(database: string, adapters: Adapters): Record<string, string> {
  return {
    database,
    bus: adapters.bus.kind,
    cache: adapters.cache.kind,
    storage: adapters.storage.kind,
    mail: adapters.mail.kind,
    pubsub: adapters.pubsub.kind,
  };
}

export async function closeAdapters(adapters: Adapters): Promise<void> {
  await adapters.bus.close();
  await Promise.allSettled([
    adapters.cache.close(),
    adapters.storage.close(),
    adapters.mail.close(),
    adapters.pubsub.close(),
  ]);
}
