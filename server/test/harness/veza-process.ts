import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { freePort } from './free-port.ts';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');
const ENTRIES = {
  /** The real `veza` command plus the test services (notes, tally). */
  fixtures: path.join(REPO_ROOT, 'server/test/fixtures/veza-with-fixtures.ts'),
  /** The real `veza` command with a fixture in place of the tracks service (transcode tests). */
  trackFixture: path.join(REPO_ROOT, 'server/test/fixtures/veza-with-track-fixture.ts'),
  /** Exactly what users run. */
  veza: path.join(REPO_ROOT, 'server/bin/veza.js'),
};

export interface VezaProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote so far. */
  output(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: no cleanup at all, like a crash. */
  kill(): Promise<void>;
}

export interface SpawnOptions {
  env: Record<string, string>;
  /** The path polled until it answers 200. */
  readyPath?: string;
  timeoutMs?: number;
  entry?: keyof typeof ENTRIES;
}

/** Runs a `veza` command in its own process and waits until it answers. */
export async function spawnVeza(args: string[], options: SpawnOptions): Promise<VezaProcess> {
  const port = options.env.PORT && options.env.PORT !== '0' ? Number(options.env.PORT) : await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRIES[options.entry ?? 'fixtures'], ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`veza ${args.join(' ')} exited (${child.exitCode ?? child.signalCode}):\n${output}`);
    }
    try {
      const response = await fetch(`${url}${options.readyPath ?? '/health/ready'}`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`veza ${args.join(' ')} did not become ready:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Runs a `veza` command to completion. */
export function runVeza(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRIES.fixtures, ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Polls `check` until it returns a value that `done` accepts. */
export async function eventually<T>(
  check: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
