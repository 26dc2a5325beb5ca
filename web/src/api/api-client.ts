import { createVezaClient } from '@veza/sdk';
import { ApiError, toApiError } from './api-error.ts';
import { sessionFetch } from './session-fetch.ts';

export { ApiError };

/**
 * The typed Veza API client (generated from the OpenAPI document), same origin, through the cookie
 * session's fetch (CSRF header, refresh on an expired access token).
 */
export const api = createVezaClient({
  baseUrl: globalThis.location?.origin ?? '',
  credentials: 'include',
  fetch: sessionFetch,
});

/**
 * The data of a successful call, or an {@link ApiError} carrying the problem+json `status`, `code`,
 * `title` and `detail` of a failed one.
 */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw toApiError(response, error);
  return data as T;
}
