import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/config-schema.ts';
import { ConfigError } from '../config/load-config.ts';

const FILE = 'master.key';

/**
 * The key every other secret at rest is wrapped under: `VEZA_MASTER_KEY`, or one generated into the data
 * directory (mode 0600) on first start so that the embedded mode needs no setup. Processes that share a
 * database must share this key: set `VEZA_MASTER_KEY` in the distributed mode.
 */
export async function loadMasterKey(config: Config): Promise<Buffer> {
  if (config.masterKey) return Buffer.from(config.masterKey, 'base64');
  const file = path.join(path.resolve(config.dataDir), FILE);
  try {
    const stored = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
    if (stored.length !== 32) throw new ConfigError(`${file}: expected 32 bytes in base64`);
    return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(path.dirname(file), { recursive: true });
  const key = randomBytes(32);
  try {
    // 'wx': two processes starting together on one data directory must not each write their own key.
    await writeFile(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadMasterKey(config);
    throw error;
  }
}
