import { describe, expect, it } from 'vitest';
import { machineBusySeconds, parseMachineStat } from './machine-cpu.ts';

describe('parseMachineStat', () => {
  it('counts user, nice, system, irq and softirq, not idle, iowait or steal', () => {
    const stat = 'cpu  1000 50 300 9000 400 20 30 700 0 0\ncpu0 500 25 150 4500 200 10 15 350 0 0\n';
    expect(parseMachineStat(stat, 100)).toBe(14);
  });

  it('refuses anything else', () => {
    expect(() => parseMachineStat('cpu0 1 2 3 4 5 6 7', 100)).toThrow('not a /proc/stat cpu line');
    expect(() => parseMachineStat('cpu 1 2 3', 100)).toThrow('not a /proc/stat cpu line');
  });
});

describe.runIf(process.platform === 'linux')('machineBusySeconds', () => {
  it('grows while this process works', () => {
    const before = machineBusySeconds()!;
    const until = performance.now() + 100;
    while (performance.now() < until) {
      // spin
    }
    expect(machineBusySeconds()!).toBeGreaterThan(before);
  });
});
