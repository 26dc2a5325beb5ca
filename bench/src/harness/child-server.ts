import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Cleanup } from './cleanup.ts';

/** A server did not come up: the benchmark cannot run (exit code 1). */
export class ServerStartError extends Error {
  override name = 'ServerStartError';
}

export interface ChildServerOptions {
  /** Shown in errors and tables. */
  name: string;
  /** A .ts (or .js) entry run as `node --import tsx <script> ...args`. */
  script: string;
  args?: readonly string[];
  /** The whole environment of the child (nothing is inherited that is not in here). */
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Where the server listens, e.g. http://127.0.0.1:4100 */
  baseUrl: string;
  /** A path that answers 200 once the server is ready. */
  readyPath: string;
  startTimeoutMs?: number;
  cleanup: Cleanup;
}

export interface ChildServer {
  name: string;
  baseUrl: string;
  pid: number;
  /** The last lines the child printed (stdout and stderr), for error reports. */
  output(): string;
  stop(): Promise<void>;
}

const OUTPUT_KEPT = 16_384;
const STOP_GRACE_MS = 5_000;

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * Starts a server in its own process (so it shares no event loop with the load generator) and
 * waits until `readyPath` answers 200. Its output is drained (a full pipe would stall it) and the
 * tail kept. Stopping sends SIGTERM, then SIGKILL after a grace period. The stop is registered
 * with `cleanup` before the wait, so a failed start leaves no process behind.
 */
export async function startChildServer(options: ChildServerOptions): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', options.script, ...(options.args ?? [])], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_KEPT);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (await waitForExit(child, 0)) return;
      child.kill('SIGTERM');
      if (await waitForExit(child, STOP_GRACE_MS)) return;
      child.kill('SIGKILL');
      await waitForExit(child, STOP_GRACE_MS);
    })();
    return stopping;
  };
  options.cleanup.add(`stop ${options.name}`, stop);

  const server: ChildServer = {
    name: options.name,
    baseUrl: options.baseUrl,
    pid: child.pid ?? -1,
    output: () => tail,
    stop,
  };
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  const readyUrl = new URL(options.readyPath, options.baseUrl);
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (spawnError) throw new ServerStartError(`${options.name}: could not spawn: ${spawnError.message}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      const how = child.exitCode !== null ? `exit code ${child.exitCode}` : `signal ${child.signalCode}`;
      throw new ServerStartError(
        `${options.name} exited during start-up (${how}). Its output:\n${tail.trimEnd()}`,
      );
    }
    try {
      const response = await fetch(readyUrl, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === 200) return server;
      lastProblem = `${readyUrl.pathname} answered ${response.status}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await sleep(100);
  }
  throw new ServerStartError(
    `${options.name} was not ready within ${options.startTimeoutMs ?? 60_000} ms (${lastProblem}). Its output:\n${tail.trimEnd()}`,
  );
}
