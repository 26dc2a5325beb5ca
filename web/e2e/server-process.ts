import { createTestEnvironment } from '../../server/test/harness/test-environment.ts';
import { spawnVeza } from '../../server/test/harness/veza-process.ts';

export { REPO_ROOT } from '../../server/test/harness/veza-process.ts';

export type VezaProcess = {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  baseUrl: string;
  /** SIGTERM; resolves once the process has exited and its data is gone. */
  stop(): Promise<void>;
};

/**
 * Runs the production `veza start` (server/bin/veza.js) on a free port in a fresh environment and
 * resolves once `/health/ready` answers 200. VEZA_E2E_LOGS=1 shows the server's log on failure.
 */
export async function startVeza(options: { env?: Record<string, string> } = {}): Promise<VezaProcess> {
  const environment = await createTestEnvironment();
  const veza = await spawnVeza(['start'], {
    entry: 'veza',
    env: { ...environment.env, LOG_LEVEL: process.env.VEZA_E2E_LOGS ? 'info' : 'warn', ...options.env },
  });
  return {
    baseUrl: veza.url,
    async stop() {
      const code = await veza.stop();
      await environment.cleanup();
      if (code !== 0) throw new Error(`veza exited with ${code}:\n${veza.output()}`);
    },
  };
}
