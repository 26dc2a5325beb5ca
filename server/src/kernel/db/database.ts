import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { holdDataDirLock } from './data-dir-lock.ts';

// bigint columns (event positions, counters) come back as JS numbers: positions stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface Database {
  /** Not bound to a schema: services get `withSchema(name)` views of it. */
  readonly kysely: Kysely<unknown>;
  readonly kind: 'embedded' | 'postgres';
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string;
  dataDir: string;
  poolSize: number;
}

/**
 * PostgreSQL through `pg`. Without a URL, an embedded PGlite persisted under `<dataDir>/postgres`
 * is driven through the same `pg` Pool interface, so every query takes one code path.
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize });
    // An idle connection dropped by the server (restart, failover, admin) must not crash the process:
    // the pool discards it and opens a new one on demand; queries in flight fail on their own.
    pool.on('error', (error) => process.emitWarning(`PostgreSQL connection lost: ${error.message}`));
    return wrap(pool, 'postgres', async () => {});
  }
  mkdirSync(options.dataDir, { recursive: true });
  const releaseLock = holdDataDirLock(options.dataDir);
  try {
    const pglite = await PGlite.create(path.join(options.dataDir, 'postgres'));
    const pool = new pg.Pool(createPgConfig(pglite));
    return wrap(pool, 'embedded', async () => {
      await pglite.close();
      releaseLock();
    });
  } catch (error) {
    releaseLock();
    throw error;
  }
}

function wrap(pool: pg.Pool, kind: Database['kind'], afterPoolEnd: () => Promise<void>): Database {
  const kysely = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  return {
    kysely,
    kind,
    async ping() {
      await sql`select 1`.execute(kysely);
    },
    async close() {
      await kysely.destroy();
      await afterPoolEnd();
    },
  };
}
