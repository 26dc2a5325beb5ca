import type { KernelMetrics } from '../metrics/kernel-metrics.ts';
import type { VezaHttp } from '../service-module.ts';
import { formatTraceparent, parseTraceparent } from '../tracing/trace-context.ts';
import type { ActiveSpan, Tracing } from '../tracing/tracing.ts';

declare module 'fastify' {
  interface FastifyRequest {
    span: ActiveSpan;
  }
}

/**
 * Per request: a span continuing the caller's `traceparent`, the trace id echoed back, the request
 * duration in the histogram by route template and status, and one log line.
 */
export function registerRequestObservability(app: VezaHttp, metrics: KernelMetrics, tracing: Tracing): void {
  app.decorateRequest('span', undefined as unknown as ActiveSpan);
  app.addHook('onRequest', async (request, reply) => {
    request.span = tracing.startSpan(
      `${request.method} ${request.routeOptions.url ?? 'unmatched'}`,
      parseTraceparent(request.headers.traceparent),
      'server',
    );
    reply.header('x-request-id', request.id);
    reply.header('traceparent', formatTraceparent(request.span.context));
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const seconds = reply.elapsedTime / 1000;
    metrics.httpDuration.observe({ method: request.method, route, status_code: reply.statusCode }, seconds);
    request.span.end({ attributes: { 'http.route': route, 'http.response.status_code': reply.statusCode } });
    request.log.info(
      {
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        traceId: request.span.context.traceId,
      },
      'request completed',
    );
  });
}
