import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** CPU seconds a process has used: its own, and that of its children it has waited for. */
export interface CpuTimes {
  self: number;
  children: number;
}

/**
 * Parses the clock-tick fields of a Linux `/proc/<pid>/stat` line. The command name (field 2) is in
 * parentheses and may hold spaces or parentheses itself, so fields are counted after the last `)`.
 */
export function parseProcStat(line: string, ticks: number): CpuTimes {
  const close = line.lastIndexOf(')');
  if (close < 0) throw new Error('not a /proc/<pid>/stat line');
  // After ")": field 3 (state) is index 0, so field N is index N - 3.
  const fields = line
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  const field = (n: number) => {
    const value = Number(fields[n - 3]);
    if (!Number.isFinite(value)) throw new Error(`field ${n} of /proc/<pid>/stat is not a number`);
    return value;
  };
  return {
    self: (field(14) + field(15)) / ticks,
    children: (field(16) + field(17)) / ticks,
  };
}

let userHz: number | undefined;

/** USER_HZ: the unit of the /proc CPU times. */
export function ticksPerSecond(): number {
  if (userHz === undefined) {
    try {
      userHz = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      userHz = 100;
    }
  }
  return userHz;
}

/** The process's CPU times, or undefined where /proc is not there (not Linux) or the process is gone. */
export function cpuTimes(pid: number | 'self'): CpuTimes | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'), ticksPerSecond());
  } catch {
    return undefined;
  }
}
