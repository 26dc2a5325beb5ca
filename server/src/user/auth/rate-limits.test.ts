import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authTables, mailsTo } from '../../../test/harness/auth-inspection.ts';
import { api, PASSWORD, signUpVerified } from '../../../test/harness/identity.ts';
import { inOneWindow } from '../../../test/harness/rate-limit-window.ts';
import { startTestRuntime, type TestRuntime } from '../../../test/harness/test-runtime.ts';
import { LIMITS } from './auth-limits.ts';
import { authService } from './auth-service.ts';
import { signInDelayMs } from './sign-in-delay.ts';
import { currentStep, totpCode } from './totp.ts';

// Every request of a test comes from 127.0.0.1, so each describe block has a runtime (and counters) of
// its own, and starts where its budgets' windows have time left (see inOneWindow).

const expectRateLimited = (response: Awaited<ReturnType<typeof api>>, windowSeconds: number) => {
  expect(response.status).toBe(429);
  expect(response.body.code).toBe('rate_limited');
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
};

describe('per-account budgets', () => {
  let runtime: TestRuntime;
  beforeAll(async () => {
    await inOneWindow(LIMITS.signInAccount, 90);
    runtime = await startTestRuntime({ services: [authService] });
  });
  afterAll(() => runtime?.cleanup());

  const signIn = (login: string, password: string) =>
    api(runtime, 'POST', '/auth/sign-in', { body: { login, password } });
  const failures = async (id: string) =>
    (
      await authTables(runtime)
        .selectFrom('accounts')
        .select('failed_sign_ins')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).failed_sign_ins;

  it('slows down a password guesser, then refuses the account with 429 and Retry-After', async () => {
    const user = await signUpVerified(runtime); // one sign-in of the budget spent
    const delays: number[] = [];
    for (let attempt = 1; attempt < LIMITS.signInAccount.max; attempt++) {
      const wrong = await signIn(user.email, `wrong guess number ${attempt}`);
      expect(wrong.status).toBe(401);
      expect(wrong.body.code).toBe('credentials_invalid');
      const counted = await failures(user.id);
      expect(counted).toBe(attempt);
      delays.push(signInDelayMs(counted));
    }
    // The delay the next attempt waits grows with the failures, from none to seconds.
    expect(delays[0]).toBe(0);
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1]!);
    expect(delays.at(-1)!).toBeGreaterThanOrEqual(4000);

    expectRateLimited(await signIn(user.email, 'one guess too many'), LIMITS.signInAccount.windowSeconds);
    // Over budget even the right password waits for the window, and no check was made.
    expectRateLimited(await signIn(user.username, PASSWORD), LIMITS.signInAccount.windowSeconds);
    expect(await failures(user.id)).toBe(LIMITS.signInAccount.max - 1);
  });

  it('starts the failure count over after a successful sign-in', async () => {
    const user = await signUpVerified(runtime);
    for (let attempt = 1; attempt <= 3; attempt++) await signIn(user.email, `wrong guess number ${attempt}`);
    expect(await failures(user.id)).toBe(3);
    expect(signInDelayMs(3)).toBeGreaterThan(0);
    expect((await signIn(user.email, PASSWORD)).status).toBe(200);
    expect(await failures(user.id)).toBe(0);
  });

  it('counts wrong two-factor codes against the re-authentication budget', async () => {
    const user = await signUpVerified(runtime);
    const setup = await api(runtime, 'POST', '/auth/2fa/setup', {
      token: user.accessToken,
      body: { password: PASSWORD },
    });
    const { secret } = setup.body as { secret: string };
    const step = currentStep();
    const near = new Set([-2, -1, 0, 1, 2].map((delta) => totpCode(secret, step + delta)));
    const guesses = Array.from({ length: 100 }, (_, n) => String(n * 10_101).padStart(6, '0'))
      .filter((code) => !near.has(code))
      .slice(0, LIMITS.reauthAccount.max);
    for (const code of guesses) {
      const wrong = await api(runtime, 'POST', '/auth/2fa/enable', {
        token: user.accessToken,
        body: { code },
      });
      expect(wrong.body.code).toBe('two_factor_invalid');
    }
    const right = await api(runtime, 'POST', '/auth/2fa/enable', {
      token: user.accessToken,
      body: { code: totpCode(secret, currentStep()) },
    });
    expectRateLimited(right, LIMITS.reauthAccount.windowSeconds);
  });

  it('spends the per-account reset budget silently: always 202, mail only within budget', async () => {
    const user = await signUpVerified(runtime);
    const answers = [];
    for (let n = 0; n < LIMITS.resetAccount.max + 2; n++)
      answers.push(await api(runtime, 'POST', '/auth/password-reset', { body: { email: user.email } }));
    for (const answer of answers) {
      expect(answer.status).toBe(202);
      expect(answer.body).toEqual({ status: 'reset_sent' });
    }
    const resetMails = mailsTo(runtime, user.email).filter((mail) => mail.subject.includes('Reset'));
    expect(resetMails).toHaveLength(LIMITS.resetAccount.max);
  });
});

describe('per-IP budgets', () => {
  let runtime: TestRuntime;
  beforeAll(async () => {
    await inOneWindow(LIMITS.signInIp, 60);
    runtime = await startTestRuntime({ services: [authService] });
  });
  afterAll(() => runtime?.cleanup());

  it('limits an unknown login exactly like an account, then the whole IP', async () => {
    // Per account first: the budget is keyed by what was typed, so "no such account" is not revealed.
    const statuses: number[] = [];
    for (let n = 0; n <= LIMITS.signInAccount.max; n++)
      statuses.push(
        (
          await api(runtime, 'POST', '/auth/sign-in', {
            body: { login: 'ghost@example.test', password: PASSWORD },
          })
        ).status,
      );
    expect(statuses).toEqual([...Array(LIMITS.signInAccount.max).fill(401), 429]);

    // The rest of this IP's budget, on logins that each have budget left.
    const left = LIMITS.signInIp.max - statuses.length;
    for (let n = 0; n < left; n++) {
      const answer = await api(runtime, 'POST', '/auth/sign-in', {
        body: { login: `ghost${n}@example.test`, password: PASSWORD },
      });
      expect(answer.status).toBe(401);
    }
    const over = await api(runtime, 'POST', '/auth/sign-in', {
      body: { login: 'another-ghost@example.test', password: PASSWORD },
    });
    expectRateLimited(over, LIMITS.signInIp.windowSeconds);
  });

  it('answers 429 to an IP asking for too many reset mails', async () => {
    for (let n = 0; n < LIMITS.resetIp.max; n++) {
      const answer = await api(runtime, 'POST', '/auth/password-reset', {
        body: { email: `someone${n}@example.test` },
      });
      expect(answer.status).toBe(202);
    }
    const over = await api(runtime, 'POST', '/auth/password-reset', {
      body: { email: 'someone@example.test' },
    });
    expectRateLimited(over, LIMITS.resetIp.windowSeconds);
  });
});

describe('progressive sign-in delay', () => {
  it('is free for a few typos, then doubles up to a cap', () => {
    expect([0, 1, 2].map(signInDelayMs)).toEqual([0, 0, 0]);
    expect([3, 4, 5, 6, 7].map(signInDelayMs)).toEqual([250, 500, 1000, 2000, 4000]);
    expect(signInDelayMs(8)).toBe(8000);
    expect(signInDelayMs(50)).toBe(8000);
  });
});
