import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The server package's directory, found from wherever this code runs: the TypeScript sources under
 * tsx, or the bundle `bin/veza.js` builds into server/dist.
 */
function findServerRoot(): string {
  for (let dir = import.meta.dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === '@veza/server')
      return dir;
  }
  throw new Error(`Cannot find the @veza/server package above ${import.meta.dirname}`);
}

export const SERVER_ROOT = findServerRoot();

/** The platform version, from the server package. */
export const VERSION: string = JSON.parse(
  readFileSync(path.join(SERVER_ROOT, 'package.json'), 'utf8'),
).version;
