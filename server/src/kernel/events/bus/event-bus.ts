import type { StoredEvent } from '../event-types.ts';

/** What a consumer group wants delivered: `source.Type` patterns, `source.*` for all of a source. */
export interface BusSubscription {
  group: string;
  patterns: readonly string[];
  /** The consumer's service schema: where its inbox, checkpoints and dead letters live. */
  schema: string;
  /** Applies the event exactly once (idempotent); throws to have it retried. */
  deliver(event: StoredEvent): Promise<void>;
}

export interface EventBus {
  readonly kind: 'in-process' | 'rabbitmq';
  /** Resolves once the bus holds the events durably (RabbitMQ: publisher confirms). */
  publish(events: readonly StoredEvent[]): Promise<void>;
  subscribe(subscription: BusSubscription): Promise<void>;
  ping(): Promise<void>;
  /** Stops consuming after the events in hand are handled, then disconnects. */
  close(): Promise<void>;
}

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 200 };

/** Exponential backoff: base, 2×base, 4×base… capped at 30 s. */
export const retryDelay = (policy: RetryPolicy, attempt: number) =>
  Math.min(policy.baseDelayMs * 2 ** (attempt - 1), 30_000);

export function matchesPatterns(patterns: readonly string[], source: string, type: string): boolean {
  return patterns.some((pattern) => pattern === `${source}.*` || pattern === `${source}.${type}`);
}

export const patternSources = (patterns: readonly string[]) => [
  ...new Set(patterns.map((pattern) => pattern.slice(0, pattern.indexOf('.')))),
];
