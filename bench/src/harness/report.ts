import type { LoadResult } from './autocannon.ts';

/** One target under load, as the tables show it. */
export interface Measurement {
  label: string;
  connections: number;
  pipelining: number;
  result: LoadResult;
  /** CPU seconds the server process used while measured (undefined off Linux). */
  serverCpuSeconds?: number;
  /** CPU seconds the load generator used (undefined off Linux). */
  loadGeneratorCpuSeconds?: number;
  /** CPU seconds the rest of the machine used meanwhile: PostgreSQL, and anything else running. */
  otherCpuSeconds?: number;
}

/** What "ours" must reach against the bare baseline. */
export interface PairTarget {
  /** Our req/s divided by the baseline's must be at least this. */
  minRatio: number;
  /** Our p99 latency must be under this. */
  maxP99Ms?: number;
}

export interface Pair {
  title: string;
  ours: Measurement;
  bare: Measurement;
  target: PairTarget;
}

export interface Check {
  description: string;
  actual: string;
  met: boolean;
}

export interface PairVerdict {
  /** ours req/s ÷ bare req/s (NaN when the baseline served nothing). */
  ratio: number;
  checks: Check[];
  /** Why the figures cannot be trusted (errors, non-2xx, nothing served); empty when they can. */
  invalid: string[];
  /** Every check met on valid figures. */
  met: boolean;
}

export const mark = (met: boolean): string => (met ? '✓' : '✗');

export function formatInteger(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Two decimals, rounded down, so a ratio shown as 0.80 never hides a 0.7996 that misses ≥ 0.80. */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return 'n/a';
  return (Math.floor(ratio * 100 + 1e-9) / 100).toFixed(2);
}

export function formatMs(ms: number): string {
  return Number.isInteger(ms) ? String(ms) : ms.toFixed(1);
}

/** What makes a run's figures worthless: anything but 2xx answers, or no answers at all. */
export function failuresOf(result: LoadResult): string[] {
  const failures: string[] = [];
  if (result.non2xx > 0) {
    const codes = Object.entries(result.statusCodes)
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, count]) => `${code}: ${formatInteger(count)}`)
      .join(', ');
    failures.push(`${formatInteger(result.non2xx)} non-2xx responses${codes ? ` (${codes})` : ''}`);
  }
  if (result.errors > 0) {
    const timeouts = result.timeouts > 0 ? ` (${formatInteger(result.timeouts)} timeouts)` : '';
    failures.push(`${formatInteger(result.errors)} connection errors${timeouts}`);
  }
  if (result.totalRequests === 0) failures.push('no request completed');
  return failures;
}

/** Compares ours with the bare baseline against the target; errors on either side void the verdict. */
export function judgePair(pair: Pair): PairVerdict {
  const { ours, bare, target } = pair;
  const ratio =
    bare.result.requestsPerSecond > 0
      ? ours.result.requestsPerSecond / bare.result.requestsPerSecond
      : Number.NaN;
  const invalid = [
    ...failuresOf(ours.result).map((failure) => `${ours.label}: ${failure}`),
    ...failuresOf(bare.result).map((failure) => `${bare.label}: ${failure}`),
  ];
  // Compare what is printed: a ratio shown as 0.79 must not pass a 0.80 target, nor 0.80 fail it.
  const shownRatio = Number(formatRatio(ratio));
  const checks: Check[] = [
    {
      description: `req/s ≥ ${target.minRatio.toFixed(2)} × bare`,
      actual: `${formatRatio(ratio)} ×`,
      met: Number.isFinite(ratio) && shownRatio >= target.minRatio,
    },
  ];
  if (target.maxP99Ms !== undefined) {
    checks.push({
      description: `p99 < ${target.maxP99Ms} ms at ${ours.connections} connections`,
      actual: `${formatMs(ours.result.latencyP99Ms)} ms`,
      met: ours.result.latencyP99Ms < target.maxP99Ms,
    });
  }
  return { ratio, checks, invalid, met: invalid.length === 0 && checks.every((check) => check.met) };
}

/** Left-aligned first column, right-aligned numbers, a rule under the header. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((width) => '─'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

const percentOfCore = (cpuSeconds: number | undefined, seconds: number) =>
  cpuSeconds === undefined || seconds <= 0 ? 'n/a' : `${Math.round((cpuSeconds / seconds) * 100)}%`;

/** CPU time the server spent per request: what the load generator's share of the machine cannot skew. */
export function cpuMicrosPerRequest(measurement: Measurement): number | undefined {
  const { serverCpuSeconds, result } = measurement;
  if (serverCpuSeconds === undefined || result.totalRequests === 0) return undefined;
  return (serverCpuSeconds * 1e6) / result.totalRequests;
}

export function measurementTable(measurements: readonly Measurement[]): string {
  return formatTable(
    [
      'target',
      'conns',
      'req/s',
      'p50 ms',
      'p99 ms',
      'max ms',
      'non-2xx',
      'errors',
      'server CPU',
      'CPU µs/req',
      'loadgen CPU',
      'other CPU',
    ],
    measurements.map((m) => {
      const micros = cpuMicrosPerRequest(m);
      return [
        m.label,
        m.pipelining > 1 ? `${m.connections}×${m.pipelining}` : String(m.connections),
        formatInteger(m.result.requestsPerSecond),
        formatMs(m.result.latencyP50Ms),
        formatMs(m.result.latencyP99Ms),
        formatMs(m.result.latencyMaxMs),
        formatInteger(m.result.non2xx),
        formatInteger(m.result.errors),
        percentOfCore(m.serverCpuSeconds, m.result.durationSeconds),
        micros === undefined ? 'n/a' : micros.toFixed(1),
        percentOfCore(m.loadGeneratorCpuSeconds, m.result.durationSeconds),
        percentOfCore(m.otherCpuSeconds, m.result.durationSeconds),
      ];
    }),
  );
}

export function verdictTable(pairs: readonly Pair[]): string {
  const rows: string[][] = [];
  for (const pair of pairs) {
    const verdict = judgePair(pair);
    verdict.checks.forEach((check, index) => {
      const valid = verdict.invalid.length === 0;
      rows.push([
        index === 0 ? pair.title : '',
        check.description,
        check.actual,
        valid ? mark(check.met) : `${mark(false)} (errors)`,
      ]);
    });
  }
  return formatTable(['comparison (ours vs bare)', 'target', 'measured', 'met'], rows);
}

/** The loud part: every run whose figures are not to be trusted, or an empty string. */
export function failureWarnings(measurements: readonly Measurement[]): string {
  const lines = measurements.flatMap((m) =>
    failuresOf(m.result).map((failure) => `  ${m.label}: ${failure}`),
  );
  if (lines.length === 0) return '';
  return [
    '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
    '!! ERRORS DURING THE MEASUREMENT: these figures measure failures, not the server !!',
    ...lines,
    '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
  ].join('\n');
}

/**
 * Server CPU time per request on both sides: where the load generator shares the machine, this is
 * the overhead the req/s ratio may not show (a CPU-bound server would reach bare ÷ ours).
 */
export function cpuCostLine(pair: Pair): string | undefined {
  const ours = cpuMicrosPerRequest(pair.ours);
  const bare = cpuMicrosPerRequest(pair.bare);
  if (ours === undefined || bare === undefined || ours <= 0) return undefined;
  return (
    `${pair.title}: server CPU per request ${ours.toFixed(1)} µs (ours) vs ${bare.toFixed(1)} µs (bare), ` +
    `so a CPU-bound server would reach ${formatRatio(bare / ours)} × bare`
  );
}

/** Runs where the load generator used nearly a whole core: it, not the server, may set the pace. */
export function loadGeneratorNotes(measurements: readonly Measurement[], threshold = 0.9): string[] {
  return measurements.flatMap((m) => {
    const cpu = m.loadGeneratorCpuSeconds;
    if (cpu === undefined || m.result.durationSeconds <= 0 || cpu / m.result.durationSeconds < threshold)
      return [];
    return [
      `${m.label}: autocannon used ${percentOfCore(cpu, m.result.durationSeconds)} of a core: it may be the limit`,
    ];
  });
}

/** The end of every report: the verdicts, what each pair costs in CPU, and warnings about the figures. */
export function verdictLines(measurements: readonly Measurement[], pairs: readonly Pair[]): string[] {
  const warnings = failureWarnings(measurements);
  return [
    verdictTable(pairs),
    '',
    ...pairs.map(cpuCostLine).filter((line): line is string => line !== undefined),
    ...loadGeneratorNotes(measurements).map((note) => `note: ${note}`),
    ...(warnings ? ['', warnings] : []),
  ];
}
