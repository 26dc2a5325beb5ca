import { createRequire } from 'node:module';
import { startBaseline } from '../harness/baseline-server.ts';
import { reportHeader, runBenchSession } from '../harness/bench-session.ts';
import type { Benchmark } from '../harness/benchmark.ts';
import { measureTarget } from '../harness/measure-target.ts';
import { progress } from '../harness/progress.ts';
import { type Measurement, measurementTable, type Pair, verdictLines } from '../harness/report.ts';
import { assertSameResponse } from '../harness/same-response.ts';
import { startVezaServer } from '../harness/veza-server.ts';
import { seedNote } from './seed-note.ts';

const LOG_LEVEL = 'warn';
/** Veza's default DATABASE_POOL_SIZE, given to both sides explicitly. */
const POOL_SIZE = 20;
/** The trivial route: enough connections for the bare server to saturate; the same for both. */
const TRIVIAL_LOAD = { connections: 100, pipelining: 1 };
/** The database read: 100 connections, as the target says. */
const DATABASE_LOAD = { connections: 100, pipelining: 1 };

const autocannonVersion = (createRequire(import.meta.url)('autocannon/package.json') as { version: string })
  .version;

async function run(): Promise<void> {
  await runBenchSession('http', async ({ durations, machine, database, cleanup }) => {
    const veza = await startVezaServer({
      name: 'Veza (veza start --services=notes)',
      services: ['notes'],
      databaseUrl: database.url,
      logLevel: LOG_LEVEL,
      env: { DATABASE_POOL_SIZE: String(POOL_SIZE) },
      cleanup,
    });
    const note = await seedNote(veza.baseUrl);
    const bareHealth = await startBaseline({
      name: 'bare node:http',
      file: 'bare-health.ts',
      readyPath: '/health/live',
      cleanup,
    });
    const bareNotes = await startBaseline({
      name: 'bare node:http + pg',
      file: 'bare-notes.ts',
      readyPath: '/health/live',
      env: { DATABASE_URL: database.url, DATABASE_POOL_SIZE: String(POOL_SIZE) },
      cleanup,
    });
    const notePath = `/api/v1/notes/${note.id}`;
    await assertSameResponse(`${veza.baseUrl}/health/live`, `${bareHealth.baseUrl}/health/live`);
    await assertSameResponse(`${veza.baseUrl}${notePath}`, `${bareNotes.baseUrl}${notePath}`);

    progress('measuring (each target: its own server process, autocannon in another):');
    const measure = (label: string, server: typeof veza, path: string, load: typeof TRIVIAL_LOAD) =>
      measureTarget({ label, server, path, ...load, ...durations }, cleanup);
    const bareLive = await measure(
      'bare node:http  GET /health/live',
      bareHealth,
      '/health/live',
      TRIVIAL_LOAD,
    );
    const vezaLive = await measure('Veza kernel     GET /health/live', veza, '/health/live', TRIVIAL_LOAD);
    const bareRead = await measure(
      'bare http + pg  GET /api/v1/notes/:id',
      bareNotes,
      notePath,
      DATABASE_LOAD,
    );
    const vezaRead = await measure('Veza kernel     GET /api/v1/notes/:id', veza, notePath, DATABASE_LOAD);

    const measurements: Measurement[] = [bareLive, vezaLive, bareRead, vezaRead];
    const pairs: Pair[] = [
      {
        title: '(a) kernel overhead, trivial route',
        ours: vezaLive,
        bare: bareLive,
        target: { minRatio: 0.8 },
      },
      {
        title: '(b) database read, real PostgreSQL',
        ours: vezaRead,
        bare: bareRead,
        target: { minRatio: 0.7, maxP99Ms: 20 },
      },
    ];
    return [
      ...reportHeader('Veza http benchmark', machine),
      `load: autocannon ${autocannonVersion} in its own process, ${durations.warmupSeconds} s warm-up then ` +
        `${durations.durationSeconds} s measured per target (BENCH_WARMUP, BENCH_DURATION); every server in its own process`,
      `Veza: veza start --services=notes (real CLI + fixture services), LOG_LEVEL=${LOG_LEVEL}: request logging is at ` +
        `${LOG_LEVEL}, so the per-request "request completed" line (info) is not written, though its hook runs`,
      `database: ${database.version} at ${database.host}, temporary database ${database.name}; ` +
        `pg pool of ${POOL_SIZE} on both sides; one seeded note`,
      '',
      measurementTable(measurements),
      'CPU columns: % of one core during the measured run. CPU µs/req: server CPU time per request. ' +
        'other: the rest of the machine (PostgreSQL, anything else running); loadgen includes autocannon start-up.',
      '',
      ...verdictLines(measurements, pairs),
    ];
  });
}

export const httpBenchmark: Benchmark = {
  name: 'http',
  summary:
    'kernel overhead (GET /health/live) and a PostgreSQL read (GET /api/v1/notes/:id) vs bare node:http',
  run,
};
