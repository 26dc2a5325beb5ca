import type { Config } from '../../kernel/config/config-schema.ts';
import type { PubSub } from '../../kernel/pubsub/pubsub.ts';
import { defaultGatewayOptions, type GatewayOptions } from './gateway-options.ts';
import { GatewayPublisher } from './gateway-publisher.ts';
import { MemoryPresenceStore } from './memory-presence-store.ts';
import { MemorySessionStore } from './memory-session-store.ts';
import { MemoryTopicLog } from './memory-topic-log.ts';
import type { PresenceStore } from './presence-store.ts';
import { RedisPresenceStore } from './redis-presence-store.ts';
import { RedisSessionStore } from './redis-session-store.ts';
import { RedisTopicLog } from './redis-topic-log.ts';
import type { SessionStore } from './session-store.ts';
import type { TopicLog } from './topic-log.ts';

/**
 * Embedded, every service of the process must publish into the gateway's own log: the process's memory
 * is the shared store then, one log per namespace (several test runtimes share a Node process).
 */
const memoryLogs = new Map<string, MemoryTopicLog>();

function memoryTopicLog(namespace: string, entries: number): MemoryTopicLog {
  let log = memoryLogs.get(namespace);
  if (!log) {
    log = new MemoryTopicLog(entries);
    memoryLogs.set(namespace, log);
  }
  return log;
}

/** How any service (chat, messages) gets a publisher into the gateway's topics, in either mode. */
export function openGatewayPublisher(
  config: Config,
  pubsub: PubSub,
  entries = defaultGatewayOptions.topicEntries,
) {
  const log = config.redisUrl
    ? new RedisTopicLog({
        url: config.redisUrl,
        keyPrefix: `${config.namespace}:`,
        maxEntries: entries,
        idleMs: defaultGatewayOptions.retentionMs,
      })
    : memoryTopicLog(config.namespace, entries);
  return { publisher: new GatewayPublisher(log, pubsub), close: () => log.close() };
}

/** REDIS_URL decides, as for the kernel's adapters: shared by every process, or this process's memory. */
export function openGatewayStores(
  config: Config,
  options: GatewayOptions,
): { log: TopicLog; sessions: SessionStore & { sweep?(): void }; presence: PresenceStore } {
  const keyPrefix = `${config.namespace}:`;
  if (config.redisUrl) {
    const url = config.redisUrl;
    return {
      log: new RedisTopicLog({
        url,
        keyPrefix,
        maxEntries: options.topicEntries,
        idleMs: options.retentionMs,
      }),
      sessions: new RedisSessionStore({
        url,
        keyPrefix,
        maxDispatches: options.sessionDispatches,
        retentionMs: options.retentionMs,
      }),
      presence: new RedisPresenceStore({ url, keyPrefix }),
    };
  }
  return {
    log: memoryTopicLog(config.namespace, options.topicEntries),
    sessions: new MemorySessionStore({
      maxDispatches: options.sessionDispatches,
      retentionMs: options.retentionMs,
    }),
    presence: new MemoryPresenceStore(),
  };
}
