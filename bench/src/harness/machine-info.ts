import os from 'node:os';

/** One line on the machine a benchmark ran on, and a warning when it was already busy. */
export function machineInfo(): { line: string; busyWarning: string | undefined } {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? 'unknown CPU';
  const memoryGiB = (os.totalmem() / 2 ** 30).toFixed(1);
  const load = os.loadavg().map((value) => value.toFixed(2));
  const line =
    `machine: ${cpus.length} × ${model}, ${memoryGiB} GiB, ${os.type()} ${os.release()}, node ${process.version}; ` +
    `load average ${load.join(' ')} before the run`;
  const oneMinute = os.loadavg()[0] ?? 0;
  const busyWarning =
    oneMinute > cpus.length * 0.5
      ? `warning: the 1-minute load average (${oneMinute.toFixed(2)}) is high for ${cpus.length} CPUs: ` +
        'other processes compete with the servers and the figures are noisy'
      : undefined;
  return { line, busyWarning };
}
