import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, PASSWORD, signUpVerified } from '../../../test/harness/identity.ts';
import { inOneWindow } from '../../../test/harness/rate-limit-window.ts';
import { startTestRuntime, type TestRuntime } from '../../../test/harness/test-runtime.ts';
import { LIMITS } from './auth-limits.ts';
import { authService } from './auth-service.ts';

// With REDIS_URL set, the counters live in Redis, so every process of a deployment spends one budget.
let first: TestRuntime;
let second: TestRuntime;
let redis: Redis;
beforeAll(async () => {
  if (!process.env.REDIS_URL) throw new Error('REDIS_URL is not set: this test needs the real Redis');
  await inOneWindow(LIMITS.signInAccount, 60);
  first = await startTestRuntime({ services: [authService] });
  // A second process of the same deployment: same database, same Redis namespace.
  second = await startTestRuntime({ services: [authService], environment: first.environment });
  redis = new Redis(process.env.REDIS_URL);
});
afterAll(async () => {
  if (redis) {
    const keys = await keysOf('*');
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
  await second?.stop();
  await first?.cleanup();
});

const keysOf = (pattern: string) => redis.keys(`${first.config.namespace}:ratelimit:${pattern}`);

describe('rate limits in Redis', () => {
  it('keeps sign-in and reset counters in Redis, with an expiry', async () => {
    const user = await signUpVerified(first);
    await api(first, 'POST', '/auth/sign-in', { body: { login: user.email, password: 'not the password' } });
    const [accountKey, ...more] = await keysOf(`sign-in:account:${user.id}:*`);
    expect(more).toEqual([]);
    expect(await redis.get(accountKey!)).toBe('2'); // the sign-in of signUpVerified and the wrong one
    const ttl = await redis.ttl(accountKey!);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(LIMITS.signInAccount.windowSeconds + 1);
    expect(await keysOf('sign-in:ip:*')).toHaveLength(1);

    await api(first, 'POST', '/auth/password-reset', { body: { email: user.email } });
    const [resetKey] = await keysOf(`reset:account:${user.id}:*`);
    expect(await redis.get(resetKey!)).toBe('1');
  });

  it('spends one per-account budget across processes', async () => {
    const login = 'shared-ghost@example.test';
    const statuses: number[] = [];
    for (let n = 0; n <= LIMITS.signInAccount.max; n++) {
      const runtime = n % 2 === 0 ? first : second;
      statuses.push(
        (await api(runtime, 'POST', '/auth/sign-in', { body: { login, password: PASSWORD } })).status,
      );
    }
    // Each process alone has seen about half the attempts; together they spent the budget.
    expect(statuses).toEqual([...Array(LIMITS.signInAccount.max).fill(401), 429]);
    const limited = await api(first, 'POST', '/auth/sign-in', { body: { login, password: PASSWORD } });
    expect(limited.status).toBe(429);
  });
});
