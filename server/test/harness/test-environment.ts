import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freshDatabase } from './fresh-database.ts';
import { seedEmbeddedDatabase } from './pglite-template.ts';

export interface TestEnvironment {
  /** Environment variables for a Veza process (or loadConfig) isolated from every other test. */
  env: Record<string, string>;
  dataDir: string;
  cleanup(): Promise<void>;
}

/**
 * A private data directory, database, and RabbitMQ/Redis namespace. The adapters follow the
 * project: embedded ones for `npm test`, the machine's services for `npm run test:real`.
 */
export async function createTestEnvironment(): Promise<TestEnvironment> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'veza-test-'));
  const database = await freshDatabase();
  const env: Record<string, string> = {
    VEZA_DATA_DIR: dataDir,
    VEZA_NAMESPACE: `t${randomBytes(5).toString('hex')}`,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: process.env.VEZA_TEST_LOG_LEVEL ?? 'silent',
    VEZA_RELAY_INTERVAL_MS: '50',
  };
  if (database.url) env.DATABASE_URL = database.url;
  else await seedEmbeddedDatabase(dataDir);
  for (const name of ['REDIS_URL', 'AMQP_URL'] as const) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  return {
    env,
    dataDir,
    async cleanup() {
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
