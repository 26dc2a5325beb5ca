/** A bad BENCH_* setting: the run stops before starting anything (exit code 2). */
export class SettingError extends Error {
  override name = 'SettingError';
}

/** Whole seconds from an environment variable (autocannon's unit), or the fallback when unset. */
export function secondsFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    throw new SettingError(
      `${name} must be a whole number of seconds, at least 1, got ${JSON.stringify(raw)}`,
    );
  }
  return Number(raw);
}

export interface LoadDurations {
  warmupSeconds: number;
  durationSeconds: number;
}

/** Warm-up and measurement per target: 3 s and 10 s unless BENCH_WARMUP / BENCH_DURATION say otherwise. */
export function loadDurations(env: NodeJS.ProcessEnv = process.env): LoadDurations {
  return {
    warmupSeconds: secondsFromEnv(env, 'BENCH_WARMUP', 3),
    durationSeconds: secondsFromEnv(env, 'BENCH_DURATION', 10),
  };
}
