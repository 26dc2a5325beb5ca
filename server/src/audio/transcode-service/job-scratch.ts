import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Each job works in its own folder under the system's temporary directory (TMPDIR): the original and
 * every rendition before upload, a few times the original's size. The folder name carries the process
 * id, so a worker starting after a crash can tell which folders no living process owns.
 */
const PREFIX = 'veza-transcode-job-';

export function makeJobScratch(): Promise<string> {
  return mkdtemp(join(tmpdir(), `${PREFIX}${process.pid}-`));
}

export function removeJobScratch(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

/** Removes the folders of jobs whose process is gone (killed mid-transcode); returns how many. */
export async function removeOrphanedScratch(): Promise<number> {
  let removed = 0;
  for (const name of await readdir(tmpdir())) {
    const pid = Number(new RegExp(`^${PREFIX}(\\d+)-`).exec(name)?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    await removeJobScratch(join(tmpdir(), name));
    removed++;
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
