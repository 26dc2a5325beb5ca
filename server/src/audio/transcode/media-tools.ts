import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

/**
 * Where ffmpeg and ffprobe come from, and how to run them.
 *
 * The system binaries (Debian's ffmpeg on PATH) are the reference: current, patched, with the
 * distribution's codecs. The npm-shipped static builds are the fallback so a fresh machine with
 * nothing installed still transcodes; they are old (2018), so callers use only options both accept.
 */

/** Every ffmpeg run: no stdin, no banner or progress, only errors on stderr (what a failure reports). */
export const QUIET_FFMPEG = ['-nostdin', '-hide_banner', '-nostats', '-v', 'error'] as const;

export interface MediaTools {
  ffmpeg: string;
  ffprobe: string;
  /** `nice` when it runs here: transcoding must not starve the request-serving event loop's core. */
  nice: string | null;
  source: { ffmpeg: ToolSource; ffprobe: ToolSource };
}

export type ToolSource = 'system' | 'bundled';

export interface LocateOptions {
  /** `system` (default) tries PATH first; `bundled` skips it, e.g. to exercise the fallback. */
  prefer?: ToolSource;
}

export class MediaToolError extends Error {
  constructor(
    readonly tool: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`${tool} failed (exit ${exitCode ?? 'signal'}): ${lastLines(stderr, 5)}`);
    this.name = 'MediaToolError';
  }
}

const require = createRequire(import.meta.url);
const located = new Map<ToolSource, Promise<MediaTools>>();

/** Finds the tools once per preference; later calls reuse the answer. */
export function locateMediaTools(options: LocateOptions = {}): Promise<MediaTools> {
  const prefer = options.prefer ?? 'system';
  let found = located.get(prefer);
  if (!found) {
    found = locate(prefer);
    located.set(prefer, found);
    found.catch(() => located.delete(prefer));
  }
  return found;
}

async function locate(prefer: ToolSource): Promise<MediaTools> {
  const [ffmpeg, ffprobe, nice] = await Promise.all([
    pick('ffmpeg', '@ffmpeg-installer/ffmpeg', prefer),
    pick('ffprobe', '@ffprobe-installer/ffprobe', prefer),
    runs('nice', ['-n', '10', 'true']),
  ]);
  return {
    ffmpeg: ffmpeg.path,
    ffprobe: ffprobe.path,
    nice: nice ? 'nice' : null,
    source: { ffmpeg: ffmpeg.source, ffprobe: ffprobe.source },
  };
}

async function pick(
  name: string,
  installer: string,
  prefer: ToolSource,
): Promise<{ path: string; source: ToolSource }> {
  if (prefer === 'system' && (await runs(name, ['-version']))) return { path: name, source: 'system' };
  let bundled: string;
  try {
    bundled = (require(installer) as { path: string }).path;
  } catch (error) {
    throw new Error(`${name} is neither on PATH nor shipped by ${installer}: ${String(error)}`);
  }
  if (!(await runs(bundled, ['-version']))) throw new Error(`${name} shipped by ${installer} does not run`);
  return { path: bundled, source: 'bundled' };
}

function runs(command: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore' });
    child.on('error', () => resolve(false));
    child.on('close', (code) => resolve(code === 0));
  });
}

export interface RunOptions {
  cwd?: string;
  /** Receives stdout as it arrives; without it stdout is collected and returned. */
  onStdout?: (chunk: Buffer) => void;
  signal?: AbortSignal;
}

export interface RunResult {
  stdout: string;
  /** The tail of stderr (bounded: a long decode can log a lot). */
  stderr: string;
}

const STDERR_KEEP = 256 * 1024;

/**
 * Runs ffmpeg or ffprobe without a shell (arguments are never parsed by one, so file names are
 * inert), at low priority when `nice` exists. Rejects with MediaToolError on a non-zero exit.
 */
export function runMediaTool(
  tools: MediaTools,
  tool: 'ffmpeg' | 'ffprobe',
  args: string[],
  options: RunOptions = {},
): Promise<RunResult> {
  const binary = tools[tool];
  const [command, argv] = tools.nice ? [tools.nice, ['-n', '10', binary, ...args]] : [binary, args];
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, {
      cwd: options.cwd,
      signal: options.signal,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (options.onStdout) options.onStdout(chunk);
      else stdout.push(chunk);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      if (stderr.length > 2 * STDERR_KEEP) stderr = stderr.slice(-STDERR_KEEP);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (stderr.length > STDERR_KEEP) stderr = stderr.slice(-STDERR_KEEP);
      if (code === 0) resolve({ stdout: Buffer.concat(stdout).toString('utf8'), stderr });
      else reject(new MediaToolError(tool, code, stderr));
    });
  });
}

function lastLines(text: string, count: number): string {
  return text.trim().split('\n').slice(-count).join(' | ');
}
