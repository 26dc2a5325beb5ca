import httpProxy from '@fastify/http-proxy';
import type { Logger } from 'pino';
import type { Config } from '../config/config-schema.ts';
import { closeGracefully } from '../http/close-gracefully.ts';
import { createHttpApp } from '../http/create-http-app.ts';
import { registerHealthRoutes } from '../http/health-routes.ts';
import { registerMetricsRoute } from '../http/metrics-route.ts';
import { API_PREFIX } from '../http/openapi.ts';
import { registerWebApp } from '../http/web-app-route.ts';
import { createLogger } from '../logging/logger.ts';
import { KernelMetrics } from '../metrics/kernel-metrics.ts';
import { VERSION } from '../runtime/server-root.ts';
import { webDistDir } from '../runtime/start-runtime.ts';
import type { VezaHttp } from '../service-module.ts';
import { formatTraceparent } from '../tracing/trace-context.ts';
import { Tracing } from '../tracing/tracing.ts';
import { type GatewayRoute, parseGatewayRoutes } from './gateway-routes.ts';

export interface Gateway {
  app: VezaHttp;
  url: string;
  routes: GatewayRoute[];
  stop(): Promise<void>;
}

/**
 * `veza gateway`: the single entry of a distributed deployment. It proxies `/api/v1/<area>/…` to
 * the process serving that area and `/gateway` (WebSocket) to the real-time processes, passing on
 * the request id and its own span as `traceparent`, and serves the web app.
 */
export async function startGateway(config: Config, injected?: Logger): Promise<Gateway> {
  const logger = injected ?? createLogger({ level: config.logLevel, name: 'veza-gateway' });
  const routes = parseGatewayRoutes(config.gatewayRoutes);
  if (routes.length === 0) throw new Error('VEZA_GATEWAY_ROUTES is empty: nothing to route to');
  const metrics = new KernelMetrics();
  const tracing = await Tracing.start({ endpoint: config.otelEndpoint, serviceName: 'veza-gateway' });
  const app = await createHttpApp({
    logger,
    metrics,
    tracing,
    bodyLimit: config.bodyLimit,
    version: VERSION,
    openapi: false,
  });
  let draining = false;

  for (const { area, upstream } of routes) {
    const websocket = area === 'gateway';
    // The auth area also answers the well-known documents (JWKS) that clients look for at the root.
    if (area === 'auth')
      await app.register(httpProxy, { upstream, prefix: '/.well-known', rewritePrefix: '/.well-known' });
    const prefix = websocket ? '/gateway' : `${API_PREFIX}/${area}`;
    await app.register(httpProxy, {
      upstream,
      prefix,
      rewritePrefix: prefix,
      websocket,
      replyOptions: {
        rewriteRequestHeaders: (request, headers) => ({
          ...headers,
          'x-request-id': String(request.id),
          traceparent: formatTraceparent(request.span.context),
        }),
      },
    });
  }
  registerHealthRoutes(
    app,
    Object.fromEntries(
      routes.map(({ area, upstream }) => [
        area,
        async () => {
          const response = await fetch(`${upstream}/health/live`);
          if (!response.ok) throw new Error(`${upstream} answered ${response.status}`);
        },
      ]),
    ),
    () => draining,
  );
  registerMetricsRoute(app, metrics, async () => {});
  await registerWebApp(app, webDistDir(config), logger);
  const url = await app.listen({ host: config.host, port: config.port });
  logger.info({ url, routes }, 'Veza gateway is listening');
  return {
    app,
    url,
    routes,
    async stop() {
      draining = true;
      await closeGracefully(app);
      await tracing.shutdown();
    },
  };
}
