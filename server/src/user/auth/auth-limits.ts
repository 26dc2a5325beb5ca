import type { Limit } from '../../kernel/rate-limit/rate-limiter.ts';

/**
 * Budgets for the endpoints attackers hammer. Per-IP limits slow a single machine; per-account limits
 * stop a botnet guessing one account's password. Progressive delay (sign-in-delay.ts) adds to both.
 */
export const LIMITS = {
  signInIp: { name: 'sign-in:ip', max: 30, windowSeconds: 900 },
  signInAccount: { name: 'sign-in:account', max: 10, windowSeconds: 900 },
  signUpIp: { name: 'sign-up:ip', max: 10, windowSeconds: 3600 },
  resetIp: { name: 'reset:ip', max: 10, windowSeconds: 3600 },
  resetAccount: { name: 'reset:account', max: 3, windowSeconds: 3600 },
  verifyIp: { name: 'verify:ip', max: 30, windowSeconds: 900 },
  verifyAccount: { name: 'verify:account', max: 3, windowSeconds: 3600 },
  reauthAccount: { name: 'reauth:account', max: 10, windowSeconds: 900 },
  /** Confirmation mails an account may send to new addresses: it must not become a way to spam others. */
  changeEmailAccount: { name: 'change-email:account', max: 5, windowSeconds: 3600 },
} satisfies Record<string, Limit>;
