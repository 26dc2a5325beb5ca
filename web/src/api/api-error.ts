/** An RFC 9457 problem+json answer (or a non-JSON failure) from the Veza API. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  /** The parsed response body, when there was one (problem fields beyond the standard ones, or a 503 report). */
  readonly body: unknown;

  constructor(init: {
    status: number;
    code: string;
    title: string;
    detail?: string | undefined;
    body?: unknown;
  }) {
    super(init.detail ?? init.title);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.body = init.body;
  }
}

type ProblemFields = { code?: unknown; title?: unknown; detail?: unknown };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Builds the error for a response that is not ok, reading problem+json fields when the server sent them. */
export function toApiError(response: Response, body: unknown): ApiError {
  const problem: ProblemFields = isObject(body) ? body : {};
  return new ApiError({
    status: response.status,
    code: typeof problem.code === 'string' ? problem.code : `http_${response.status}`,
    title:
      typeof problem.title === 'string' ? problem.title : response.statusText || `HTTP ${response.status}`,
    detail: typeof problem.detail === 'string' ? problem.detail : undefined,
    body,
  });
}
