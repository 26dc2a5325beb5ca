import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../../server/test/harness/free-port.ts';
import { type ChildServer, startChildServer } from './child-server.ts';
import type { Cleanup } from './cleanup.ts';
import { repoRoot, vezaWithFixtures } from './paths.ts';
import { serverEnv } from './server-env.ts';

export interface VezaServerOptions {
  name: string;
  /** The `veza` entry to run: the real command plus test fixtures unless given. */
  script?: string;
  /** `--services=` of `veza start` (fixture services included). */
  services: readonly string[];
  databaseUrl: string;
  logLevel: string;
  /** More settings (e.g. DATABASE_POOL_SIZE). */
  env?: Record<string, string>;
  cleanup: Cleanup;
}

/**
 * `veza start` in its own process, on a free port, with a fresh data directory (removed at cleanup)
 * and only the settings given here: no Redis, RabbitMQ, S3 or OTLP unless `env` names them.
 * Resolves once `/health/ready` answers 200 (migrations applied, every dependency answering).
 */
export async function startVezaServer(options: VezaServerOptions): Promise<ChildServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'veza-bench-'));
  options.cleanup.add(`remove ${dataDir}`, () => rm(dataDir, { recursive: true, force: true }));
  const port = await freePort();
  return startChildServer({
    name: options.name,
    script: options.script ?? vezaWithFixtures,
    args: ['start', `--services=${options.services.join(',')}`],
    cwd: repoRoot,
    env: serverEnv({
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: options.logLevel,
      DATABASE_URL: options.databaseUrl,
      VEZA_DATA_DIR: dataDir,
      ...options.env,
    }),
    baseUrl: `http://127.0.0.1:${port}`,
    readyPath: '/health/ready',
    startTimeoutMs: 90_000,
    cleanup: options.cleanup,
  });
}
