import { runLoad } from './autocannon.ts';
import type { ChildServer } from './child-server.ts';
import type { Cleanup } from './cleanup.ts';
import { machineBusySeconds } from './machine-cpu.ts';
import { cpuTimes } from './process-cpu.ts';
import { progress } from './progress.ts';
import { failuresOf, type Measurement } from './report.ts';

export interface TargetOptions {
  label: string;
  server: ChildServer;
  path: string;
  connections: number;
  pipelining: number;
  warmupSeconds: number;
  durationSeconds: number;
  headers?: Record<string, string>;
}

/**
 * Warms a server up (results thrown away), then measures it, recording the CPU time the server, the
 * load generator and the rest of the machine used meanwhile.
 */
export async function measureTarget(options: TargetOptions, cleanup: Cleanup): Promise<Measurement> {
  const url = new URL(options.path, options.server.baseUrl).toString();
  const load = {
    url,
    connections: options.connections,
    pipelining: options.pipelining,
    ...(options.headers ? { headers: options.headers } : {}),
  };
  progress(
    `  ${options.label}: warm-up ${options.warmupSeconds} s, then ${options.durationSeconds} s measured`,
  );
  const warmup = await runLoad({ ...load, durationSeconds: options.warmupSeconds }, cleanup);
  for (const failure of failuresOf(warmup)) progress(`    warm-up: ${failure}`);
  const before = cpuTimes(options.server.pid);
  const machineBefore = machineBusySeconds();
  const result = await runLoad({ ...load, durationSeconds: options.durationSeconds }, cleanup);
  const after = cpuTimes(options.server.pid);
  const machineAfter = machineBusySeconds();
  const serverCpuSeconds = before && after ? after.self - before.self : undefined;
  const otherCpuSeconds =
    machineBefore !== undefined &&
    machineAfter !== undefined &&
    serverCpuSeconds !== undefined &&
    result.loadGeneratorCpuSeconds !== undefined
      ? Math.max(0, machineAfter - machineBefore - serverCpuSeconds - result.loadGeneratorCpuSeconds)
      : undefined;
  return {
    label: options.label,
    connections: options.connections,
    pipelining: options.pipelining,
    result,
    ...(serverCpuSeconds !== undefined ? { serverCpuSeconds } : {}),
    ...(result.loadGeneratorCpuSeconds !== undefined
      ? { loadGeneratorCpuSeconds: result.loadGeneratorCpuSeconds }
      : {}),
    ...(otherCpuSeconds !== undefined ? { otherCpuSeconds } : {}),
  };
}
