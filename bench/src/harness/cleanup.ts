/**
 * What a benchmark must undo whatever happens: child processes, temporary databases and
 * directories. Tasks run last-in first-out (servers stop before their database is dropped), each
 * one at most once, and a failing task does not keep the others from running.
 */
export class Cleanup {
  private readonly tasks: { label: string; run: () => Promise<void> }[] = [];
  private running: Promise<void> | undefined;

  /** Registers a task; the returned function drops it (for a task that is no longer needed). */
  add(label: string, run: () => Promise<void>): () => void {
    const task = { label, run };
    this.tasks.push(task);
    return () => {
      const index = this.tasks.indexOf(task);
      if (index >= 0) this.tasks.splice(index, 1);
    };
  }

  /** Runs every task registered so far; later calls wait for the same run. */
  runAll(): Promise<void> {
    this.running ??= (async () => {
      while (this.tasks.length > 0) {
        const task = this.tasks.pop()!;
        try {
          await task.run();
        } catch (error) {
          console.error(`cleanup: ${task.label} failed: ${(error as Error).message}`);
        }
      }
    })();
    return this.running;
  }
}

/**
 * On Ctrl-C or SIGTERM: clean up, then exit 130. A second signal exits at once (cleanup stuck).
 * Returns a function that removes the handlers.
 */
export function cleanUpOnSignal(cleanup: Cleanup): () => void {
  const handler = (signal: NodeJS.Signals) => {
    process.off('SIGINT', handler).off('SIGTERM', handler);
    process.once('SIGINT', () => process.exit(130)).once('SIGTERM', () => process.exit(130));
    console.error(`\n${signal}: stopping servers and dropping the temporary database...`);
    cleanup.runAll().finally(() => process.exit(130));
  };
  process.on('SIGINT', handler).on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler).off('SIGTERM', handler);
  };
}
