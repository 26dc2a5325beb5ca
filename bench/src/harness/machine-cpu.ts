import { readFileSync } from 'node:fs';
import { ticksPerSecond } from './process-cpu.ts';

/**
 * Busy CPU seconds of the whole machine, all cores together, from the first line of Linux
 * `/proc/stat` (`cpu user nice system idle iowait irq softirq steal ...`): user, nice, system,
 * irq and softirq time. Idle, I/O wait and time stolen by the hypervisor are not work done here.
 */
export function parseMachineStat(text: string, ticks: number): number {
  const line = text.split('\n', 1)[0] ?? '';
  const [label, ...fields] = line.trim().split(/\s+/);
  const values = fields.map(Number);
  if (label !== 'cpu' || values.length < 7 || values.some((value) => !Number.isFinite(value))) {
    throw new Error('not a /proc/stat cpu line');
  }
  const [user, nice, system, , , irq, softirq] = values as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return (user + nice + system + irq + softirq) / ticks;
}

/** Busy CPU seconds of the machine so far, or undefined where /proc is not there (not Linux). */
export function machineBusySeconds(): number | undefined {
  try {
    return parseMachineStat(readFileSync('/proc/stat', 'utf8'), ticksPerSecond());
  } catch {
    return undefined;
  }
}
