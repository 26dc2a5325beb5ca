import { setTimeout as sleep } from 'node:timers/promises';
import type { Limit } from '../../src/kernel/rate-limit/rate-limiter.ts';

/**
 * Rate limits count in fixed windows. A test that spends a budget must not straddle a window boundary,
 * or the count starts over halfway and the 429 it expects never comes. When fewer than `needSeconds`
 * remain in the current window, this waits for the next one (at most `needSeconds`; no assertion is
 * made about time).
 */
export async function inOneWindow(limit: Limit, needSeconds: number): Promise<void> {
  const windowMs = limit.windowSeconds * 1000;
  const left = windowMs - (Date.now() % windowMs);
  if (left < needSeconds * 1000) await sleep(left + 50);
}
