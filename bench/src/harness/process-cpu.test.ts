import { describe, expect, it } from 'vitest';
import { cpuTimes, parseProcStat } from './process-cpu.ts';

describe('parseProcStat', () => {
  it('reads utime+stime and cutime+cstime, even when the command name holds spaces and parentheses', () => {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime ...
    const line = '4242 (node (tsx) x) S 1 4242 4242 0 -1 4194304 100 0 0 0 250 50 30 10 20 0 11 0';
    expect(parseProcStat(line, 100)).toEqual({ self: 3, children: 0.4 });
  });

  it('refuses a line that is not one', () => {
    expect(() => parseProcStat('garbage', 100)).toThrow('not a /proc/<pid>/stat line');
    expect(() => parseProcStat('1 (x) S 1', 100)).toThrow('field 14');
  });
});

describe.runIf(process.platform === 'linux')('cpuTimes', () => {
  it('sees this process burn CPU', () => {
    const before = cpuTimes('self')!;
    const until = performance.now() + 60;
    while (performance.now() < until) {
      // spin
    }
    expect(cpuTimes('self')!.self).toBeGreaterThan(before.self);
  });

  it('is undefined for a process that does not exist', () => {
    expect(cpuTimes(2 ** 30)).toBeUndefined();
  });
});
