import { defineConfig } from 'vitest/config';

// Three projects, one suite:
// - embedded: what `npm test` runs on a fresh machine (PGlite, in-process bus, memory cache, local disk);
// - real: the same tests plus the *.real.test.ts ones, against the PostgreSQL, Redis and RabbitMQ named
//   by DATABASE_URL, REDIS_URL and AMQP_URL (see scripts/test-real.sh). Missing variables fail, never skip;
// - e2e: the web app in Debian's Chromium.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'embedded',
          include: ['server/**/*.test.ts', 'sdk/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/*.real.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          setupFiles: ['server/test/setup/embedded.ts'],
        },
      },
      {
        test: {
          name: 'real',
          include: ['server/**/*.test.ts', 'sdk/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          setupFiles: ['server/test/setup/real.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['web/e2e/**/*.e2e.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
