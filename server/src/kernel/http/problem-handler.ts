import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { ProblemError } from '../errors/problem-error.ts';
import type { VezaHttp } from '../service-module.ts';

interface Problem {
  status: number;
  code: string;
  title: string;
  detail?: string;
  errors?: { location: string; message: string }[];
  [extension: string]: unknown;
}

/** Fastify's own client errors, mapped to stable codes. */
const FASTIFY_CODES: Record<string, Pick<Problem, 'status' | 'code' | 'title'>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'malformed_json', title: 'Malformed JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'malformed_json', title: 'Malformed JSON' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large', title: 'Payload too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    title: 'Unsupported media type',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'invalid_content_length',
    title: 'Invalid Content-Length',
  },
};

function toProblem(error: FastifyError): Problem {
  if (error instanceof ProblemError) {
    return {
      status: error.status,
      code: error.code,
      title: error.title,
      detail: error.detail,
      ...error.extensions,
    };
  }
  if (error.validation) {
    return {
      status: 400,
      code: 'validation_failed',
      title: 'Invalid request',
      detail: error.message,
      errors: error.validation.map((issue) => ({
        location: `${error.validationContext ?? 'body'}${issue.instancePath || ''}`,
        message: issue.message ?? 'is invalid',
      })),
    };
  }
  const known = error.code ? FASTIFY_CODES[error.code] : undefined;
  if (known) return { ...known, detail: error.message };
  // A malformed body that reached JSON.parse some other way.
  if (error instanceof SyntaxError)
    return { status: 400, code: 'malformed_json', title: 'Malformed JSON', detail: error.message };
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return { status: error.statusCode, code: 'bad_request', title: 'Bad request', detail: error.message };
  }
  // Never leak internals: the details go to the log under the request id.
  return {
    status: 500,
    code: 'internal_error',
    title: 'Internal server error',
    detail: 'Something went wrong on our side',
  };
}

export function sendRouteNotFound(request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(request, reply, {
    status: 404,
    code: 'route_not_found',
    title: 'Not found',
    detail: `No route for ${request.method} ${request.url.split('?')[0]}`,
  });
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem) {
  // Rate limits say when to come back in the header clients and proxies already understand.
  if (typeof problem.retryAfter === 'number') reply.header('retry-after', String(problem.retryAfter));
  return reply
    .code(problem.status)
    .type('application/problem+json; charset=utf-8')
    .send({ type: 'about:blank', instance: request.url, requestId: String(request.id), ...problem });
}

export function registerProblemHandling(app: VezaHttp, logger: Logger): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const problem = toProblem(error);
    if (problem.status >= 500) logger.error({ err: error, reqId: request.id }, 'request failed');
    else logger.debug({ code: problem.code, reqId: request.id }, 'request refused');
    return sendProblem(request, reply, problem);
  });
}
