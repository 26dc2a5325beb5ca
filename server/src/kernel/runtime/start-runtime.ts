import path from 'node:path';
import type { Logger } from 'pino';
import { authUnavailable, registerAuthGuard } from '../auth/auth-guard.ts';
import { registerJwksRoute } from '../auth/jwks-route.ts';
import { RevocationList } from '../auth/revocation-list.ts';
import { type KeySource, remoteKeySource, TokenVerifier } from '../auth/token-verifier.ts';
import type { Config } from '../config/config-schema.ts';
import { type Database, openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrations.ts';
import type { RetryPolicy } from '../events/bus/event-bus.ts';
import { InProcessBus } from '../events/bus/in-process-bus.ts';
import { EventStore } from '../events/event-store.ts';
import { closeGracefully } from '../http/close-gracefully.ts';
import { createHttpApp } from '../http/create-http-app.ts';
import { registerHealthRoutes } from '../http/health-routes.ts';
import { registerMetricsRoute } from '../http/metrics-route.ts';
import { API_PREFIX } from '../http/openapi.ts';
import { registerStatusRoute } from '../http/status-route.ts';
import { registerUserExportRoute } from '../http/user-export-route.ts';
import { registerWebApp } from '../http/web-app-route.ts';
import { createLogger } from '../logging/logger.ts';
import { KernelMetrics } from '../metrics/kernel-metrics.ts';
import type { ServiceModule, VezaHttp } from '../service-module.ts';
import { Tracing } from '../tracing/tracing.ts';
import { type Adapters, adapterKinds, closeAdapters, openAdapters } from './adapters.ts';
import { SERVER_ROOT, VERSION } from './server-root.ts';
import {
  closeHosted,
  type HostDeps,
  type HostedService,
  hostService,
  migrationSets,
  subscribeHosted,
} from './service-host.ts';

export interface RuntimeOptions {
  config: Config;
  services: readonly ServiceModule[];
  /** Skip listening (OpenAPI generation, rebuilds). */
  listen?: boolean;
  /** Skip relays and subscriptions (OpenAPI generation, rebuilds). */
  background?: boolean;
  retry?: RetryPolicy;
  logger?: Logger;
}

export interface Runtime {
  app: VezaHttp;
  url: string;
  config: Config;
  logger: Logger;
  database: Database;
  adapters: Adapters;
  hosted: ReadonlyMap<string, HostedService>;
  /** Ends sessions early, in every process (sign-out, suspension). */
  revocations: RevocationList;
  /** What hosted services share: for kernel tasks such as `veza rebuild`. */
  deps: HostDeps;
  /** Relays everything committed and lets in-process consumers handle it (tests, rebuilds). */
  settle(): Promise<void>;
  /** Graceful stop: refuse new requests, finish those in flight and the event batch in hand, close pools. */
  stop(): Promise<void>;
}

export const webDistDir = (config: Config) =>
  path.resolve(config.webDist ?? path.join(SERVER_ROOT, '../web/dist'));

/** Starts the named services in this process on one database, one bus and one HTTP server. */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { config, services } = options;
  const logger = options.logger ?? createLogger({ level: config.logLevel, name: config.otelServiceName });
  const metrics = new KernelMetrics();
  const tracing = await Tracing.start({ endpoint: config.otelEndpoint, serviceName: config.otelServiceName });
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
  });
  try {
    const applied = await migrate(database.kysely, migrationSets(services));
    if (applied.length > 0) logger.info({ applied }, 'migrations applied');
    const stores = new Map(
      services.map((service) => [service.name, new EventStore(database.kysely, service.name)]),
    );
    const adapters = await openAdapters(config, {
      db: database.kysely,
      stores,
      logger,
      metrics,
      retry: options.retry,
    });
    const revocations = new RevocationList(adapters.cache, adapters.pubsub, config.accessTokenTtlSeconds);
    const stopRevocations = await revocations.listen();
    // Filled in once the services are hosted: the issuer's keys come from its setup.
    let verifier: () => TokenVerifier | undefined = () => undefined;
    const deps: HostDeps = {
      config,
      db: database.kysely,
      logger,
      metrics,
      tracing,
      adapters,
      stores,
      revocations,
      async verifyAccessToken(token) {
        const active = verifier();
        if (!active) throw authUnavailable();
        return active.verify(token);
      },
      background: options.background !== false,
    };
    const hosted = new Map<string, HostedService>();
    for (const service of services) hosted.set(service.name, await hostService(service, deps));
    const issuer = [...hosted.values()].find(({ module }) => module.accessTokenKeys);
    const localKeys = issuer?.module.accessTokenKeys?.(issuer.state as undefined);
    verifier = tokenVerifier(config, localKeys, revocations, logger);

    const app = await createHttpApp({
      logger,
      metrics,
      tracing,
      bodyLimit: config.bodyLimit,
      version: VERSION,
    });
    registerAuthGuard(app, verifier);
    if (localKeys) registerJwksRoute(app, localKeys);
    let draining = false;
    registerHealthRoutes(
      app,
      {
        database: () => database.ping(),
        bus: () => adapters.bus.ping(),
        cache: () => adapters.cache.ping(),
        storage: () => adapters.storage.ping(),
      },
      () => draining,
    );
    registerMetricsRoute(app, metrics, async () => {
      for (const { store, relay } of hosted.values()) {
        const lag = await relay.lag();
        metrics.relayPending.set({ source: store.source }, lag.pending);
        metrics.relayLagSeconds.set({ source: store.source }, lag.oldestAgeSeconds);
      }
    });
    registerStatusRoute(app, {
      name: 'Veza',
      version: VERSION,
      mode: config.databaseUrl ? 'distributed' : 'embedded',
      services: services.map((service) => service.name),
      adapters: adapterKinds(database.kind, adapters),
    });
    for (const { module, context, state } of hosted.values()) {
      if (module.routes)
        await app.register(async (scope) => module.routes!(scope, context, state as undefined), {
          prefix: API_PREFIX,
        });
    }
    if ([...hosted.values()].some(({ module }) => module.exportUserData))
      registerUserExportRoute(app, [...hosted.values()]);
    await registerWebApp(app, webDistDir(config), logger);
    await app.ready();

    if (deps.background) {
      for (const service of hosted.values()) await subscribeHosted(service, deps);
      for (const { relay } of hosted.values()) relay.start();
    }
    const url = options.listen === false ? '' : await app.listen({ host: config.host, port: config.port });
    if (url) logger.info({ url, services: [...hosted.keys()] }, 'Veza is listening');

    let stopping: Promise<void> | undefined;
    return {
      app,
      revocations,
      url,
      config,
      logger,
      database,
      adapters,
      hosted,
      deps,
      async settle() {
        for (;;) {
          for (const { relay } of hosted.values()) await relay.drain();
          if (adapters.bus instanceof InProcessBus) await adapters.bus.idle();
          const pending = await Promise.all([...hosted.values()].map(({ relay }) => relay.lag()));
          if (pending.every((lag) => lag.pending === 0)) return;
        }
      },
      stop() {
        stopping ??= (async () => {
          draining = true;
          const deadline = setTimeout(() => {
            logger.error('graceful shutdown timed out; exiting');
            process.exit(1);
          }, config.shutdownTimeoutMs);
          deadline.unref();
          await closeGracefully(app);
          await Promise.all([...hosted.values()].map(({ relay }) => relay.stop()));
          await stopRevocations();
          for (const service of hosted.values()) await closeHosted(service);
          await closeAdapters(adapters);
          await database.close();
          await tracing.shutdown();
          clearTimeout(deadline);
          logger.info('stopped');
        })();
        return stopping;
      },
    };
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
}

/**
 * Tokens are verified from the auth service's key ring when it runs here, otherwise from its JWKS over
 * HTTP (`VEZA_JWKS_URL`): split processes share public keys, never a secret.
 */
function tokenVerifier(
  config: Config,
  localKeys: KeySource | undefined,
  revocations: RevocationList,
  logger: Logger,
): () => TokenVerifier | undefined {
  let keys = localKeys;
  let keysMaxAgeMs = 1000;
  if (!keys && config.jwksUrl) {
    keysMaxAgeMs = 60_000;
    keys = remoteKeySource(config.jwksUrl);
  } else if (!keys) {
    logger.warn('no auth service in this process and no VEZA_JWKS_URL: requests with tokens will be refused');
    return () => undefined;
  }
  const verifier = new TokenVerifier({
    keys,
    revocations,
    keysMaxAgeMs,
    onKeysError: (error) =>
      logger.warn({ err: error }, 'token keys could not be refreshed; keeping the previous ones'),
  });
  return () => verifier;
}
