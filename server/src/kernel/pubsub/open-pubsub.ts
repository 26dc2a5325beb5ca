import { InProcessPubSub } from './in-process-pubsub.ts';
import type { ListenerErrorHandler, PubSub } from './pubsub.ts';
import { RedisPubSub } from './redis-pubsub.ts';

/** REDIS_URL decides: set, messages reach every process through Redis; unset, this process only. */
export function openPubSub(options: {
  redisUrl?: string;
  keyPrefix?: string;
  /** Defaults to a process warning; the runtime can pass its logger. */
  onListenerError?: ListenerErrorHandler;
}): PubSub {
  const { redisUrl, keyPrefix, onListenerError } = options;
  if (redisUrl) return new RedisPubSub({ url: redisUrl, keyPrefix, onListenerError });
  return new InProcessPubSub({ onListenerError });
}
