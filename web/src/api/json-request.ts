import { toApiError } from './api-error.ts';
import { sessionFetch } from './session-fetch.ts';

export type RequestOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON, unless it is already a FormData or Blob (uploads). */
  body?: unknown;
  query?: Record<string, string | number | undefined>;
};

function origin(): string {
  return globalThis.location?.origin ?? 'http://localhost';
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (!text) return undefined;
  if (!(response.headers.get('content-type') ?? '').includes('json')) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Builds the same-origin Request for an API path. */
export function apiRequest(path: string, options: RequestOptions = {}): Request {
  const url = new URL(path, origin());
  for (const [name, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined && value !== '') url.searchParams.set(name, String(value));
  }
  const { body } = options;
  const raw = body instanceof FormData || body instanceof Blob;
  return new Request(url, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers: body !== undefined && !raw ? { 'content-type': 'application/json' } : {},
    body: body === undefined ? null : raw ? body : JSON.stringify(body),
  });
}

/**
 * Calls the API with the session's cookies and CSRF token; resolves with the parsed JSON answer (or
 * undefined for 204) and rejects with an {@link ApiError} carrying the problem+json fields.
 */
export async function requestJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await sessionFetch(apiRequest(path, options));
  const body = await readBody(response);
  if (!response.ok) throw toApiError(response, body);
  return body as T;
}
