import { loadConfig } from '../../src/kernel/config/load-config.ts';
import type { RetryPolicy } from '../../src/kernel/events/bus/event-bus.ts';
import { type Runtime, startRuntime } from '../../src/kernel/runtime/start-runtime.ts';
import type { ServiceModule } from '../../src/kernel/service-module.ts';
import { createTestEnvironment, type TestEnvironment } from './test-environment.ts';

export interface TestRuntime extends Runtime {
  environment: TestEnvironment;
  /** Stops the runtime and removes its data directory and database. */
  cleanup(): Promise<void>;
}

/** Starts services in-process, listening on a free port, in an isolated environment. */
export async function startTestRuntime(options: {
  services: readonly ServiceModule[];
  env?: Record<string, string>;
  retry?: RetryPolicy;
  environment?: TestEnvironment;
}): Promise<TestRuntime> {
  const environment = options.environment ?? (await createTestEnvironment());
  const config = loadConfig({ ...environment.env, ...options.env });
  const runtime = await startRuntime({
    config,
    services: options.services,
    ...(options.retry ? { retry: options.retry } : {}),
  });
  return {
    ...runtime,
    environment,
    async cleanup() {
      await runtime.stop();
      if (!options.environment) await environment.cleanup();
    },
  };
}
