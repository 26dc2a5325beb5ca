import { copyFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const entry = path.join(root, 'src/main.ts');
export const bundlePath = path.join(root, 'dist/veza.mjs');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Worker threads need a file of their own: they are plain `*-worker.mjs` files that their module finds
 * with `new URL('./x-worker.mjs', import.meta.url)`, so they are copied flat next to the bundle, where
 * that URL points once bundled. Their names must therefore be unique across src/.
 */
function copyWorkers(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) copyWorkers(full);
    else if (entry.name.endsWith('-worker.mjs'))
      copyFileSync(full, path.join(path.dirname(bundlePath), entry.name));
  }
}

function builtAt() {
  try {
    return statSync(bundlePath).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Bundles the server's own TypeScript into dist/veza.mjs when a source is newer than the bundle.
 * Dependencies stay external and load natively: through a TypeScript loader hook, the hundreds of
 * dependency modules alone would triple start-up time. Written aside and renamed, so processes
 * starting together never load half a bundle.
 */
export async function ensureBundle() {
  if (builtAt() >= newestSource(path.join(root, 'src'))) return bundlePath;
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    write: false,
    logLevel: 'error',
  });
  copyWorkers(path.join(root, 'src'));
  const temporary = `${bundlePath}.${process.pid}.tmp`;
  writeFileSync(temporary, result.outputFiles[0].contents);
  renameSync(temporary, bundlePath);
  return bundlePath;
}
