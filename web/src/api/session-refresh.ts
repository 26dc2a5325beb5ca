import { CSRF_HEADER, forgetCsrfToken, readCsrfToken } from './csrf-cookie.ts';
import { announceSessionEnded } from './session-events.ts';

export const REFRESH_PATH = '/api/v1/auth/refresh';
const LAST_REFRESH_KEY = 'veza.session.refreshedAt';
const LOCK_NAME = 'veza-session-refresh';

let inflight: Promise<boolean> | null = null;
let refreshedAt = 0;

function lastRefreshAt(): number {
  let shared = 0;
  try {
    shared = Number(globalThis.localStorage?.getItem(LAST_REFRESH_KEY) ?? 0) || 0;
  } catch {
    // storage may be disabled; this tab's own record still works
  }
  return Math.max(refreshedAt, shared);
}

function recordRefresh(): void {
  refreshedAt = Date.now();
  try {
    globalThis.localStorage?.setItem(LAST_REFRESH_KEY, String(refreshedAt));
  } catch {
    // see lastRefreshAt
  }
}

async function exchangeRefreshToken(since: number): Promise<boolean> {
  // Another tab may have refreshed while this one waited for the lock: its cookies are ours too.
  if (lastRefreshAt() > since) return true;
  const csrf = readCsrfToken();
  const response = await fetch(REFRESH_PATH, {
    method: 'POST',
    credentials: 'include',
    headers: { 'content-type': 'application/json', ...(csrf ? { [CSRF_HEADER]: csrf } : {}) },
    body: JSON.stringify({ delivery: 'cookie' }),
  });
  if (response.ok) {
    recordRefresh();
    return true;
  }
  if (response.status === 401 || response.status === 403) {
    forgetCsrfToken();
    announceSessionEnded();
  }
  return false;
}

/** Tabs take turns refreshing (Web Locks API), where the browser has it. */
async function underLock(since: number): Promise<boolean> {
  const locks = globalThis.navigator?.locks;
  if (!locks) return exchangeRefreshToken(since);
  let refreshed = false;
  await locks.request(LOCK_NAME, async () => {
    refreshed = await exchangeRefreshToken(since);
  });
  return refreshed;
}

/**
 * Renews the cookie session after a request started at `since` (ms) was refused for an expired access
 * token. Single-flight: concurrent callers share one refresh, and a refresh that completed after `since`
 * (in this tab or another) counts, because presenting a refresh token twice ends the session by design.
 */
export function refreshSession(since: number): Promise<boolean> {
  if (lastRefreshAt() > since) return Promise.resolve(true);
  if (inflight) return inflight;
  const shared = underLock(since)
    .catch(() => false)
    .finally(() => {
      inflight = null;
    });
  inflight = shared;
  return shared;
}
