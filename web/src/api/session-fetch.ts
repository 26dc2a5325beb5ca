import { CSRF_HEADER, readCsrfToken } from './csrf-cookie.ts';
import { REFRESH_PATH, refreshSession } from './session-refresh.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function withCsrf(request: Request): Request {
  if (SAFE_METHODS.has(request.method)) return request;
  const csrf = readCsrfToken();
  if (!csrf) return request;
  const headers = new Headers(request.headers);
  headers.set(CSRF_HEADER, csrf);
  return new Request(request, { headers });
}

async function problemCode(response: Response): Promise<string | undefined> {
  if (!(response.headers.get('content-type') ?? '').includes('json')) return undefined;
  try {
    const body: unknown = await response.clone().json();
    if (typeof body === 'object' && body !== null && 'code' in body && typeof body.code === 'string')
      return body.code;
  } catch {
    // not JSON after all
  }
  return undefined;
}

/**
 * Worth renewing the session: the access token expired, or the browser already dropped the access
 * cookie. Either way only while the session's CSRF cookie is there: without it there is no cookie
 * session to renew (it ended, or this is a visitor), and the refresh endpoint would refuse anyway.
 */
async function needsRefresh(response: Response): Promise<boolean> {
  if (response.status !== 401 || readCsrfToken() === undefined) return false;
  const code = await problemCode(response);
  return code === 'token_expired' || code === 'unauthenticated';
}

/**
 * `fetch` for the web app's cookie session: same-origin cookies, the CSRF token echoed on unsafe methods,
 * and one transparent retry after renewing an expired access token. The SDK client and the JSON helper
 * both go through it.
 */
export async function sessionFetch(input: Request): Promise<Response> {
  const request = new Request(input, { credentials: 'include' });
  const retry = request.clone();
  const startedAt = Date.now();
  const response = await fetch(withCsrf(request));
  if (new URL(request.url).pathname === REFRESH_PATH || !(await needsRefresh(response))) return response;
  if (!(await refreshSession(startedAt))) return response;
  return fetch(withCsrf(retry));
}
