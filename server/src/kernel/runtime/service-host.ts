import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { AccessClaims } from '../auth/access-claims.ts';
import type { RevocationList } from '../auth/revocation-list.ts';
import type { Config } from '../config/config-schema.ts';
import type { MigrationSet } from '../db/migrations.ts';
import type { EventStore } from '../events/event-store.ts';
import { eventStoreMigrations } from '../events/event-store-tables.ts';
import { idempotentDelivery } from '../events/idempotent-consumer.ts';
import { OutboxRelay } from '../events/outbox-relay.ts';
import type { KernelMetrics } from '../metrics/kernel-metrics.ts';
import type { Consumer, Projection, ServiceContext, ServiceModule } from '../service-module.ts';
import { formatTraceparent } from '../tracing/trace-context.ts';
import type { Tracing } from '../tracing/tracing.ts';
import type { Adapters } from './adapters.ts';

/** Each service's schema gets the kernel's tables first, then its own migrations. */
export const migrationSets = (services: readonly ServiceModule[]): MigrationSet[] =>
  services.map((service) => ({
    schema: service.name,
    migrations: [...eventStoreMigrations, ...service.migrations],
  }));

export interface HostedService {
  module: ServiceModule;
  context: ServiceContext;
  state: unknown;
  store: EventStore;
  relay: OutboxRelay;
  consumers: readonly Consumer[];
  projections: readonly Projection[];
}

export interface HostDeps {
  config: Config;
  db: Kysely<unknown>;
  logger: Logger;
  metrics: KernelMetrics;
  tracing: Tracing;
  adapters: Adapters;
  stores: ReadonlyMap<string, EventStore>;
  revocations: RevocationList;
  /** The runtime's token verifier (known only once every service's setup ran: the issuer's keys come from one). */
  verifyAccessToken(token: string): Promise<AccessClaims>;
  /** Whether relays, consumers and services' own workers run in this process. */
  background: boolean;
}

/** Builds a service's context: its schema, its event store and relay, the shared adapters. */
export async function hostService(module: ServiceModule, deps: HostDeps): Promise<HostedService> {
  const { db, config, adapters } = deps;
  const store = deps.stores.get(module.name)!;
  const logger = deps.logger.child({ svc: module.name });
  const relay = new OutboxRelay(db, store, adapters.bus, {
    intervalMs: config.relayIntervalMs,
    logger,
    metrics: deps.metrics,
  });
  const context: ServiceContext = {
    name: module.name,
    config,
    logger,
    db: db.withSchema(module.name),
    events: store,
    async write(metadata, work) {
      let appended = false;
      const result = await db.transaction().execute((trx) =>
        work({
          db: trx.withSchema(module.name),
          metadata,
          append: (streamId, expected, events) => {
            appended = true;
            return store.append(trx, streamId, expected, events, metadata);
          },
        }),
      );
      if (appended) relay.nudge();
      return result;
    },
    metadataOf: (request) => ({
      actor: request.actor,
      correlationId: String(request.id),
      traceparent: formatTraceparent(request.span.context),
    }),
    cache: adapters.cache,
    storage: adapters.storage,
    mail: adapters.mail,
    pubsub: adapters.pubsub,
    revocations: deps.revocations,
    verifyAccessToken: (token) => deps.verifyAccessToken(token),
    background: deps.background,
  };
  const state = await module.setup?.(context);
  return {
    module,
    context,
    state,
    store,
    relay,
    consumers: module.consumers?.(context, state as undefined) ?? [],
    projections: module.projections?.(context, state as undefined) ?? [],
  };
}

/** Closes what a service's setup opened. */
export async function closeHosted(hosted: HostedService): Promise<void> {
  const closable = hosted.state as { close?: () => Promise<void> } | undefined;
  await closable?.close?.();
}

/** Subscribes every consumer and projection of a hosted service to the bus. */
export async function subscribeHosted(hosted: HostedService, deps: HostDeps): Promise<void> {
  for (const consumer of [...hosted.consumers, ...hosted.projections]) {
    await deps.adapters.bus.subscribe({
      group: consumer.group,
      patterns: consumer.events,
      schema: hosted.module.name,
      deliver: idempotentDelivery(consumer, {
        db: deps.db,
        store: hosted.store,
        metrics: deps.metrics,
        tracing: deps.tracing,
        onAppended: () => hosted.relay.nudge(),
      }),
    });
  }
}
