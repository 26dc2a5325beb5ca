import { type Kysely, sql } from 'kysely';
import type { Config } from '../kernel/config/config-schema.ts';
import { dataKeysMigration, FieldCipher } from '../kernel/crypto/field-cipher.ts';
import { loadMasterKey } from '../kernel/crypto/master-key.ts';
import { openDatabase } from '../kernel/db/database.ts';
import type { ServiceModule } from '../kernel/service-module.ts';

/** Services that encrypt fields: their migrations create the data key table. */
export const encryptingServices = (services: readonly ServiceModule[]) =>
  services.filter((service) =>
    service.migrations.some((migration) => migration.name === dataKeysMigration.name),
  );

/** Thrown when a service's schema has no data keys yet (it never started and was never migrated). */
export class NoDataKeysError extends Error {}

/**
 * `veza keys rotate-data-key`: makes a new data key active in each service's schema. Values under older
 * keys stay readable and are re-encrypted as they are read; running processes write with the new key
 * within a minute (they reload their key ring). The embedded database is held by the running server, so
 * there the command runs while Veza is stopped. Returns the new key id per service.
 */
export async function rotateDataKeys(
  config: Config,
  services: readonly ServiceModule[],
): Promise<Record<string, string>> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: 2,
  });
  try {
    for (const service of services) {
      const { rows } = await sql`select 1 from information_schema.tables
        where table_schema = ${service.name} and table_name = 'data_keys'`.execute(database.kysely);
      if (rows.length === 0)
        throw new NoDataKeysError(
          `${service.name} has no data keys yet: run veza migrate (or start it) first`,
        );
    }
    const masterKey = await loadMasterKey(config);
    const rotated: Record<string, string> = {};
    for (const service of services) {
      const cipher = await FieldCipher.open(
        database.kysely.withSchema(service.name) as Kysely<unknown>,
        masterKey,
        service.name,
      );
      rotated[service.name] = await cipher.rotate();
    }
    return rotated;
  } finally {
    await database.close();
  }
}
