import { randomBytes } from 'node:crypto';
import { cp, mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/**
 * initdb of a new PGlite takes seconds; copying an initialised, never-used data directory takes
 * milliseconds. The template is made once per PGlite version and shared by every test run.
 */
async function templateDir(): Promise<string> {
  const manifest = path.join(import.meta.dirname, '../../../node_modules/@electric-sql/pglite/package.json');
  const { version } = JSON.parse(await readFile(manifest, 'utf8')) as { version: string };
  const dir = path.join(tmpdir(), `veza-pglite-template-${version}`);
  if (await exists(path.join(dir, 'PG_VERSION'))) return dir;
  // Built aside and renamed into place, so parallel test workers never see half a template.
  const building = `${dir}.${randomBytes(4).toString('hex')}`;
  const pglite = await PGlite.create(building);
  await pglite.close();
  try {
    await rename(building, dir);
  } catch {
    await rm(building, { recursive: true, force: true }); // another worker won the race
  }
  return dir;
}

/** Puts a fresh embedded database where the runtime will look for it: `<dataDir>/postgres`. */
export async function seedEmbeddedDatabase(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  await cp(await templateDir(), path.join(dataDir, 'postgres'), { recursive: true });
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
