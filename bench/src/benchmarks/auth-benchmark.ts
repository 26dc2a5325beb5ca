import { reportHeader, runBenchSession } from '../harness/bench-session.ts';
import type { Benchmark } from '../harness/benchmark.ts';
import { measureTarget } from '../harness/measure-target.ts';
import { progress } from '../harness/progress.ts';
import { type Measurement, measurementTable, type Pair, verdictLines } from '../harness/report.ts';
import { startVezaServer } from '../harness/veza-server.ts';
import { signInBenchAccount } from './bench-account.ts';

const LOAD = { connections: 100, pipelining: 1 };

/**
 * What authentication costs on a read: `GET /api/v1/users/me` with a bearer token against the very same
 * handler reached without the guard (`/users/:id/unauthenticated-me`, a benchmark-only route of the test
 * fixtures), in the same server process, on real PostgreSQL.
 */
async function run(): Promise<void> {
  await runBenchSession('auth', async ({ durations, machine, database, cleanup }) => {
    const veza = await startVezaServer({
      name: 'Veza (veza start --services=auth)',
      services: ['auth'],
      databaseUrl: database.url,
      logLevel: 'warn',
      cleanup,
    });
    const account = await signInBenchAccount(veza.baseUrl);
    progress('measuring (the server in its own process, autocannon in another):');
    const measure = (label: string, path: string, headers?: Record<string, string>) =>
      measureTarget(
        { label, server: veza, path, ...LOAD, ...durations, ...(headers ? { headers } : {}) },
        cleanup,
      );
    // Ours first: whatever the server still warms up (JIT, PostgreSQL caches) then favours the baseline.
    const bearer = await measure('bearer token   GET /api/v1/users/me', '/api/v1/users/me', {
      authorization: `Bearer ${account.accessToken}`,
    });
    const anonymous = await measure(
      'no auth        GET /api/v1/users/:id/unauthenticated-me',
      `/api/v1/users/${account.id}/unauthenticated-me`,
    );
    const measurements: Measurement[] = [anonymous, bearer];
    const pairs: Pair[] = [
      {
        title: 'authenticated read vs the same handler unauthenticated',
        ours: bearer,
        bare: anonymous,
        target: { minRatio: 0.7 },
      },
    ];
    return [
      ...reportHeader('Veza auth benchmark', machine),
      `load: autocannon, ${LOAD.connections} connections, ${durations.warmupSeconds} s warm-up then ${durations.durationSeconds} s measured per target`,
      `database: ${database.version} at ${database.host}, temporary database ${database.name}; one account (EdDSA access token, 15 min)`,
      '',
      measurementTable(measurements),
      '',
      ...verdictLines(measurements, pairs),
    ];
  });
}

export const authBenchmark: Benchmark = {
  name: 'auth',
  summary: 'GET /api/v1/users/me with a bearer token vs the same handler without authentication',
  run,
};
