import { authBenchmark } from './benchmarks/auth-benchmark.ts';
import { httpBenchmark } from './benchmarks/http-benchmark.ts';
import { streamBenchmark } from './benchmarks/stream-benchmark.ts';
import { SettingError } from './harness/bench-settings.ts';
import type { Benchmark } from './harness/benchmark.ts';

/** Every benchmark `npm run bench -- <name>` knows. */
const benchmarks: readonly Benchmark[] = [httpBenchmark, authBenchmark, streamBenchmark];

function usage(): string {
  const width = Math.max(...benchmarks.map((benchmark) => benchmark.name.length));
  return [
    'Usage: npm run bench -- <name>',
    '',
    'Benchmarks:',
    ...benchmarks.map((benchmark) => `  ${benchmark.name.padEnd(width)}  ${benchmark.summary}`),
    '',
    'Environment: BENCH_WARMUP, BENCH_DURATION (seconds per target, default 3 and 10),',
    'BENCH_DATABASE_URL (PostgreSQL admin URL, default postgres://postgres@127.0.0.1:5432/postgres).',
  ].join('\n');
}

/** 0 ran (targets missed or not: benchmarks report, they don't gate), 1 could not run, 2 bad usage. */
async function main(argv: readonly string[]): Promise<number> {
  const [name, ...extra] = argv;
  const benchmark = benchmarks.find((candidate) => candidate.name === name);
  if (!benchmark || extra.length > 0) {
    if (name && !benchmark) console.error(`Unknown benchmark "${name}".\n`);
    console.error(usage());
    return 2;
  }
  try {
    await benchmark.run();
    return 0;
  } catch (error) {
    if (error instanceof SettingError) {
      console.error(error.message);
      return 2;
    }
    console.error(`\nbenchmark ${benchmark.name} could not run: ${(error as Error).message}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
