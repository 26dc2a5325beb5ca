import { afterAll, afterEach, beforeAll } from 'vitest';
import { deleteRabbitNamespace } from './rabbitmq-namespace.ts';
import { createTestEnvironment, type TestEnvironment } from './test-environment.ts';
import { type SpawnOptions, spawnVeza, type VezaProcess } from './veza-process.ts';

/**
 * Real `veza` processes for a test file that kills and restarts them: one environment (data directory or
 * database, namespace) for the whole file, every process stopped after each test (embedded PostgreSQL
 * admits one process per data directory; stopping one that already exited or was killed is a no-op), and the broker's queues of `groups` removed at the end.
 */
export function useVezaProcesses(groups: readonly string[]) {
  let environment: TestEnvironment;
  const running: VezaProcess[] = [];
  beforeAll(async () => {
    environment = await createTestEnvironment();
  });
  afterEach(async () => {
    for (const process of running.splice(0)) await process.stop();
  });
  afterAll(async () => {
    const { AMQP_URL, VEZA_NAMESPACE } = environment.env;
    if (AMQP_URL) await deleteRabbitNamespace(AMQP_URL, VEZA_NAMESPACE as string, groups);
    await environment.cleanup();
  });
  return {
    /** Starts `veza <args>` in the file's environment, with `env` on top. */
    async start(args: string[], options: Omit<SpawnOptions, 'env'> & { env?: Record<string, string> } = {}) {
      const veza = await spawnVeza(args, { ...options, env: { ...environment.env, ...options.env } });
      running.push(veza);
      return veza;
    },
  };
}
