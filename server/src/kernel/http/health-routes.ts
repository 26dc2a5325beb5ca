import { Type } from 'typebox';
import type { VezaHttp } from '../service-module.ts';

export type HealthCheck = () => Promise<void>;

const CheckResult = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('error')]),
  durationMs: Type.Number(),
  error: Type.Optional(Type.String()),
});
const Readiness = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('error')]),
  checks: Type.Record(Type.String(), CheckResult),
});

const CHECK_TIMEOUT_MS = 2_000;

async function run(check: HealthCheck) {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return { status: 'ok' as const, durationMs: performance.now() - started };
  } catch (error) {
    return {
      status: 'error' as const,
      durationMs: performance.now() - started,
      error: (error as Error).message,
    };
  } finally {
    clearTimeout(timer);
  }
}

/** Liveness says the process answers; readiness that every dependency it needs answers too. */
export function registerHealthRoutes(
  app: VezaHttp,
  checks: Record<string, HealthCheck>,
  isDraining: () => boolean,
) {
  app.get(
    '/health/live',
    { schema: { tags: ['operations'], response: { 200: Type.Object({ status: Type.Literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/health/ready',
    { schema: { tags: ['operations'], response: { 200: Readiness, 503: Readiness } } },
    async (_request, reply) => {
      const names = Object.keys(checks);
      const results = await Promise.all(names.map((name) => run(checks[name]!)));
      const report = Object.fromEntries(names.map((name, i) => [name, results[i]!]));
      if (isDraining()) report.process = { status: 'error', durationMs: 0, error: 'shutting down' };
      const ok = Object.values(report).every((result) => result.status === 'ok');
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'error', checks: report });
    },
  );
}
