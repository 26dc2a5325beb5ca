import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type { Cleanup } from './cleanup.ts';
import { cpuTimes } from './process-cpu.ts';

export interface LoadOptions {
  url: string;
  connections: number;
  pipelining: number;
  durationSeconds: number;
  /** Per-request timeout; autocannon counts one as an error. */
  timeoutSeconds?: number;
  /** Sent with every request (e.g. Authorization). */
  headers?: Record<string, string>;
}

/** What one autocannon run measured. Latencies in milliseconds (autocannon's resolution is 1 ms). */
export interface LoadResult {
  requestsPerSecond: number;
  totalRequests: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  /** Responses outside 2xx. */
  non2xx: number;
  /** Connection errors, resets and timeouts. */
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  durationSeconds: number;
  /** Response bytes received per second, headers included (autocannon's throughput). */
  bytesPerSecond: number;
}

export interface MeasuredLoad extends LoadResult {
  /** CPU seconds the load generator used (undefined off Linux). */
  loadGeneratorCpuSeconds: number | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberAt(record: Record<string, unknown>, key: string, where: string): number {
  const value = record[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`autocannon output: ${where}${key} is not a number`);
  }
  return value;
}

function recordAt(record: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = record[key];
  if (!isRecord(value)) throw new Error(`autocannon output: ${key} is missing`);
  return value;
}

/** Reads the result autocannon prints with `--json` (the last JSON line of its stdout). */
export function parseAutocannonJson(stdout: string): LoadResult {
  const line = stdout
    .trim()
    .split('\n')
    .reverse()
    .find((candidate) => candidate.trimStart().startsWith('{'));
  if (!line) throw new Error('autocannon printed no JSON result');
  const parsed: unknown = JSON.parse(line);
  if (!isRecord(parsed)) throw new Error('autocannon output is not a JSON object');
  const requests = recordAt(parsed, 'requests');
  const latency = recordAt(parsed, 'latency');
  const throughput = recordAt(parsed, 'throughput');
  const statusCodes: Record<string, number> = {};
  const stats = parsed.statusCodeStats;
  if (isRecord(stats)) {
    for (const [code, entry] of Object.entries(stats)) {
      if (isRecord(entry) && typeof entry.count === 'number') statusCodes[code] = entry.count;
    }
  }
  return {
    requestsPerSecond: numberAt(requests, 'average', 'requests.'),
    totalRequests: numberAt(requests, 'total', 'requests.'),
    latencyP50Ms: numberAt(latency, 'p50', 'latency.'),
    latencyP99Ms: numberAt(latency, 'p99', 'latency.'),
    latencyMaxMs: numberAt(latency, 'max', 'latency.'),
    non2xx: numberAt(parsed, 'non2xx', ''),
    errors: numberAt(parsed, 'errors', ''),
    timeouts: numberAt(parsed, 'timeouts', ''),
    statusCodes,
    durationSeconds: numberAt(parsed, 'duration', ''),
    bytesPerSecond: numberAt(throughput, 'average', 'throughput.'),
  };
}

const autocannonBin = createRequire(import.meta.url).resolve('autocannon');

/**
 * Runs the autocannon CLI in its own process (so it shares no event loop with this one or the
 * server) and returns what it measured, plus the CPU time it used: the growth of this process's
 * reaped-children CPU time, which is autocannon's alone as long as no other child exits meanwhile.
 */
export async function runLoad(options: LoadOptions, cleanup: Cleanup): Promise<MeasuredLoad> {
  const args = [
    autocannonBin,
    '--json',
    '--no-progress',
    '--connections',
    String(options.connections),
    '--pipelining',
    String(options.pipelining),
    '--duration',
    String(options.durationSeconds),
    '--timeout',
    String(options.timeoutSeconds ?? 10),
    ...Object.entries(options.headers ?? {}).flatMap(([name, value]) => ['--headers', `${name}=${value}`]),
    options.url,
  ];
  const before = cpuTimes('self');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let killed = false;
  const forget = cleanup.add('stop autocannon', async () => {
    if (child.exitCode === null && child.signalCode === null) {
      killed = true;
      child.kill('SIGKILL');
    }
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8_192);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  forget();
  if (killed) throw new Error('autocannon was stopped');
  if (code !== 0) throw new Error(`autocannon exited with code ${code}: ${stderr.trim()}`);
  const after = cpuTimes('self');
  return {
    ...parseAutocannonJson(stdout),
    loadGeneratorCpuSeconds: before && after ? after.children - before.children : undefined,
  };
}
