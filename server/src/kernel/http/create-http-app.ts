import { randomUUID } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import type { Logger } from 'pino';
import type { KernelMetrics } from '../metrics/kernel-metrics.ts';
import type { VezaHttp } from '../service-module.ts';
import type { Tracing } from '../tracing/tracing.ts';
import { registerOpenApi } from './openapi.ts';
import { registerProblemHandling } from './problem-handler.ts';
import { ProblemSchema } from './problem-schema.ts';
import { registerRequestObservability } from './request-observability.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated account's id, set by the auth guard; null for anonymous requests. */
    actor: string | null;
  }
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

export interface HttpAppOptions {
  logger: Logger;
  metrics: KernelMetrics;
  tracing: Tracing;
  bodyLimit: number;
  version: string;
  /** The gateway serves no API of its own, so no OpenAPI document. */
  openapi?: boolean;
}

/** The Fastify app every Veza process serves: problem+json errors, request ids, traces, metrics, OpenAPI. */
export async function createHttpApp(options: HttpAppOptions): Promise<VezaHttp> {
  const app = Fastify({
    // No Fastify logger: a pino child per request (Fastify's request.log) costs as much as the rest of
    // a small request. The kernel logs through `options.logger`, putting the request id in each line;
    // services log through their context's logger.
    logger: false,
    bodyLimit: options.bodyLimit,
    // A caller's (or the gateway's) request id is kept when it is sane, so logs join up across processes.
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Unknown fields in a closed schema are a client error to report, not something to drop silently.
    ajv: { customOptions: { allErrors: true, removeAdditional: false } },
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.decorateRequest('actor', null);
  app.addSchema(ProblemSchema);
  registerProblemHandling(app, options.logger);
  registerRequestObservability(app, options.logger, options.metrics, options.tracing);
  if (options.openapi !== false) await registerOpenApi(app, options.version);
  return app;
}
