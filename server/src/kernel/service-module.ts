import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { AccessClaims } from './auth/access-claims.ts';
import type { RevocationList } from './auth/revocation-list.ts';
import type { KeySource } from './auth/token-verifier.ts';
import type { Cache } from './cache/cache.ts';
import type { Config } from './config/config-schema.ts';
import type { Migration } from './db/migrations.ts';
import type { EventStore } from './events/event-store.ts';
import type { EventMetadata, ExpectedVersion, NewEvent, StoredEvent } from './events/event-types.ts';
import type { Mailer } from './mail/mailer.ts';
import type { PubSub } from './pubsub/pubsub.ts';
import type { ObjectStorage } from './storage/object-storage.ts';

export type VezaHttp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** Reacts to other services' (or its own) events; applied exactly once per event (inbox). */
export interface Consumer {
  /** Unique across the platform: the RabbitMQ queue is `veza.<group>`. */
  group: string;
  /** `source.Type` or `source.*`. */
  events: readonly string[];
  // biome-ignore lint/suspicious/noExplicitAny: each service types its own tables
  handle(event: StoredEvent, tx: WriteTransaction<any>): Promise<void>;
  /**
   * After the transaction that applied `event` committed (not for a repeat): for signals that must see
   * the new state, such as the gateway's permissions-changed. Lost if the process dies in between.
   */
  afterCommit?(event: StoredEvent): Promise<void>;
}

/** A read model built only from events, so it can be dropped and rebuilt by replay (`veza rebuild`). */
export interface Projection extends Consumer {
  // biome-ignore lint/suspicious/noExplicitAny: the projection's own tables
  reset(db: Kysely<any>): Promise<void>;
}

/** What a state change gets inside its transaction: its schema's tables and its event store. */
export interface WriteTransaction<DB> {
  /** Bound to the transaction and to the service's schema. */
  db: Kysely<DB>;
  /** Appends with `metadata`; the events commit with the transaction or not at all. */
  append(streamId: string, expected: ExpectedVersion, events: readonly NewEvent[]): Promise<StoredEvent[]>;
  metadata: EventMetadata;
}

export interface ServiceContext<DB = unknown> {
  name: string;
  config: Config;
  logger: Logger;
  /** The service's own schema. No SQL here touches another service's schema. */
  db: Kysely<DB>;
  events: EventStore;
  /** Runs `work` in a transaction whose appended events commit with it (transactional outbox). */
  write<T>(metadata: EventMetadata, work: (tx: WriteTransaction<DB>) => Promise<T>): Promise<T>;
  /** Event metadata for a request: actor, correlation id (the request id) and trace context. */
  metadataOf(request: FastifyRequest): EventMetadata;
  cache: Cache;
  storage: ObjectStorage;
  mail: Mailer;
  pubsub: PubSub;
  /** Ends sessions before their access tokens expire, in every process. */
  revocations: RevocationList;
  /**
   * Verifies an access token exactly as the HTTP guard does, for tokens that arrive outside an HTTP header
   * (the WebSocket gateway's IDENTIFY). Rejects with the guard's ProblemErrors (401, or 503 without keys).
   */
  verifyAccessToken(token: string): Promise<AccessClaims>;
  /**
   * False when the process only builds a document or replays a projection (no relays, no consumers):
   * a service then starts no workers or timers of its own either.
   */
  background: boolean;
}

/**
 * A service: one entry declaring its name (also its PostgreSQL schema and event source), the
 * `/api/v1/<area>` prefixes it serves, its migrations, routes and event subscriptions.
 */
export interface ServiceModule<DB = unknown, State = undefined> {
  name: string;
  areas: readonly string[];
  migrations: readonly Migration[];
  /**
   * Opens what the service keeps for its process's lifetime (key rings, timers), after migrations and
   * before routes and consumers, which receive it. `close()` on it, if present, runs at shutdown.
   */
  setup?(context: ServiceContext<DB>): Promise<State>;
  routes?(app: VezaHttp, context: ServiceContext<DB>, state: State): void | Promise<void>;
  consumers?(context: ServiceContext<DB>, state: State): readonly Consumer[];
  projections?(context: ServiceContext<DB>, state: State): readonly Projection[];
  /**
   * What the service holds about an account, for its owner's data export (`GET /api/v1/users/me/export`
   * gathers every hosted service's part). JSON-serializable; never secrets or hashes.
   */
  exportUserData?(context: ServiceContext<DB>, state: State, userId: string): Promise<unknown>;
  /** The service that issues access tokens gives the kernel's guard its keys without an HTTP hop. */
  accessTokenKeys?(state: State): KeySource;
}

/** Keeps the DB and state types of a service while letting registries hold services of different types. */
export function defineService<DB, State = undefined>(service: ServiceModule<DB, State>): ServiceModule {
  return service as unknown as ServiceModule;
}
