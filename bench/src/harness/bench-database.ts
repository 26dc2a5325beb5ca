import { createTempDatabase } from '../../../server/test/harness/fresh-database.ts';
import type { Cleanup } from './cleanup.ts';
import { serverVersion } from './server-version.ts';

const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  url: string;
  name: string;
  /** host:port of the server, for the report. */
  host: string;
  /** e.g. "PostgreSQL 15.20". */
  version: string;
}

/** A temporary database on BENCH_DATABASE_URL's server (default: the local one), dropped at cleanup. */
export async function openBenchDatabase(
  cleanup: Cleanup,
  env: NodeJS.ProcessEnv = process.env,
): Promise<BenchDatabase> {
  const adminUrl = env.BENCH_DATABASE_URL || DEFAULT_ADMIN_URL;
  const parsed = new URL(adminUrl);
  const host = `${parsed.hostname}:${parsed.port || 5432}`;
  const database = await createTempDatabase(adminUrl, 'veza_bench').catch((error: Error) => {
    throw new Error(
      `cannot create a database on ${host} (is PostgreSQL up? pg_isready -h 127.0.0.1): ${error.message}`,
    );
  });
  cleanup.add(`drop database ${database.name}`, database.drop);
  return { url: database.url, name: database.name, host, version: await serverVersion(database.url) };
}
