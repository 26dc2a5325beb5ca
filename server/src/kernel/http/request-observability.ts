import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { KernelMetrics } from '../metrics/kernel-metrics.ts';
import type { VezaHttp } from '../service-module.ts';
import { parseTraceparent } from '../tracing/trace-context.ts';
import type { ActiveSpan, Tracing } from '../tracing/tracing.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's span: its context goes into event metadata so consumers continue the trace. */
    readonly span: ActiveSpan;
  }
}

const kSpan = Symbol('veza.span');
type WithSpan = FastifyRequest & { [kSpan]?: ActiveSpan };

const routeOf = (request: FastifyRequest) => request.routeOptions.url ?? 'unmatched';

/**
 * Per request: a span continuing the caller's `traceparent`, the request id echoed back, the
 * duration in the histogram by route template and status, and one log line. This runs on every
 * request, so the hooks are synchronous and build nothing unused: without an exporter the span is
 * only ids, made the first time something asks for them.
 */
export function registerRequestObservability(
  app: VezaHttp,
  logger: Logger,
  metrics: KernelMetrics,
  tracing: Tracing,
): void {
  const startSpan = (request: FastifyRequest) =>
    tracing.startSpan(
      `${request.method} ${routeOf(request)}`,
      parseTraceparent(request.headers.traceparent),
      'server',
    );
  app.decorateRequest('span', {
    getter(this: WithSpan) {
      this[kSpan] ??= startSpan(this);
      return this[kSpan];
    },
  });
  app.addHook('onRequest', (request, reply, done) => {
    if (tracing.exporting) (request as WithSpan)[kSpan] = startSpan(request);
    reply.header('x-request-id', request.id);
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const route = routeOf(request);
    const status = reply.statusCode;
    metrics.httpDuration.observe(
      { method: request.method, route, status_code: status },
      reply.elapsedTime / 1000,
    );
    (request as WithSpan)[kSpan]?.end({
      attributes: { 'http.route': route, 'http.response.status_code': status },
    });
    if (logger.isLevelEnabled('info')) {
      logger.info(
        {
          reqId: request.id,
          method: request.method,
          url: request.url,
          status,
          ms: Math.round(reply.elapsedTime * 10) / 10,
          traceId: request.span.context.traceId,
        },
        'request completed',
      );
    }
    done();
  });
}
