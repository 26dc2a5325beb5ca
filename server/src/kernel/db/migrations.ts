import { type Kysely, sql } from 'kysely';

/** A forward-only schema change. `db` is bound to the service's schema, and so is search_path. */
export interface Migration {
  name: string;
  // biome-ignore lint/suspicious/noExplicitAny: a migration may touch tables that no TypeScript type describes yet
  up(db: Kysely<any>): Promise<void>;
}

export interface MigrationSet {
  schema: string;
  migrations: readonly Migration[];
}

// One lock for every migrating process: schemas are created and changed by one process at a time.
const MIGRATION_LOCK = 0x7665_7a61; // "veza"

/**
 * Applies the pending migrations of each schema, in order, each in its own transaction, while holding
 * a session advisory lock so that several processes starting together do not race. Refuses to run
 * against a schema that has migrations this code does not know (it is newer than the code).
 */
export async function migrate(db: Kysely<unknown>, sets: readonly MigrationSet[]): Promise<string[]> {
  const applied: string[] = [];
  await db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`.execute(conn);
    try {
      for (const set of sets) applied.push(...(await migrateSchema(conn, set)));
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`.execute(conn);
    }
  });
  return applied;
}

async function migrateSchema(conn: Kysely<unknown>, { schema, migrations }: MigrationSet): Promise<string[]> {
  await sql`create schema if not exists ${sql.id(schema)}`.execute(conn);
  await sql`create table if not exists ${sql.id(schema, 'schema_migrations')} (
    name text primary key,
    applied_at timestamptz not null default now()
  )`.execute(conn);
  const rows = await sql<{ name: string }>`select name from ${sql.id(schema, 'schema_migrations')}`.execute(
    conn,
  );
  const done = new Set(rows.rows.map((row) => row.name));
  const known = new Set(migrations.map((m) => m.name));
  const unknown = [...done].filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new Error(
      `Schema "${schema}" has migrations this version does not know (${unknown.join(', ')}): it is newer than the code`,
    );
  }
  const applied: string[] = [];
  for (const migration of migrations) {
    if (done.has(migration.name)) continue;
    await conn.transaction().execute(async (trx) => {
      await sql`set local search_path to ${sql.id(schema)}`.execute(trx);
      await migration.up(trx.withSchema(schema));
      await sql`insert into ${sql.id(schema, 'schema_migrations')} (name) values (${migration.name})`.execute(
        trx,
      );
    });
    applied.push(`${schema}/${migration.name}`);
  }
  return applied;
}
