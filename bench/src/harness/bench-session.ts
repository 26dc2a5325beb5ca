import { type BenchDatabase, openBenchDatabase } from './bench-database.ts';
import { type LoadDurations, loadDurations } from './bench-settings.ts';
import { Cleanup, cleanUpOnSignal } from './cleanup.ts';
import { machineInfo } from './machine-info.ts';
import { progress } from './progress.ts';

export interface BenchSession {
  durations: LoadDurations;
  machine: ReturnType<typeof machineInfo>;
  /** A temporary database on the bench PostgreSQL, dropped at the end. */
  database: BenchDatabase;
  /** Servers and files the run starts register here; all of it goes at the end, or on Ctrl-C. */
  cleanup: Cleanup;
}

/**
 * What every benchmark run shares: its settings and machine line, a temporary database, and a cleanup
 * that runs whatever happens (signals included). `work` returns the report's lines, printed at the end.
 */
export async function runBenchSession(name: string, work: (session: BenchSession) => Promise<string[]>) {
  const durations = loadDurations();
  const machine = machineInfo();
  const cleanup = new Cleanup();
  const stopListening = cleanUpOnSignal(cleanup);
  try {
    progress(`${name} benchmark: setting up...`);
    const database = await openBenchDatabase(cleanup);
    const lines = await work({ durations, machine, database, cleanup });
    console.log(lines.join('\n'));
  } finally {
    progress('cleaning up: stopping servers, dropping the temporary database...');
    await cleanup.runAll();
    stopListening();
  }
}

/** The report's opening lines: title, machine and, when the machine is busy, a warning. */
export const reportHeader = (title: string, machine: BenchSession['machine']) => [
  '',
  title,
  machine.line,
  ...(machine.busyWarning ? [machine.busyWarning] : []),
];
