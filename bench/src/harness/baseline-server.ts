import { freePort } from '../../../server/test/harness/free-port.ts';
import { type ChildServer, startChildServer } from './child-server.ts';
import type { Cleanup } from './cleanup.ts';
import { baseline, repoRoot } from './paths.ts';
import { serverEnv } from './server-env.ts';

/** One of the bare servers of bench/src/baselines, in its own process on a free port. */
export async function startBaseline(options: {
  name: string;
  file: string;
  readyPath: string;
  env?: Record<string, string>;
  cleanup: Cleanup;
}): Promise<ChildServer> {
  const port = await freePort();
  return startChildServer({
    name: options.name,
    script: baseline(options.file),
    cwd: repoRoot,
    env: serverEnv({ HOST: '127.0.0.1', PORT: String(port), ...options.env }),
    baseUrl: `http://127.0.0.1:${port}`,
    readyPath: options.readyPath,
    startTimeoutMs: 30_000,
    cleanup: options.cleanup,
  });
}
