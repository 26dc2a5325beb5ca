import { describe, expect, it } from 'vitest';
import { loadDurations, SettingError } from './bench-settings.ts';
import { serverEnv } from './server-env.ts';

describe('loadDurations', () => {
  it('defaults to 3 s of warm-up and 10 s measured', () => {
    expect(loadDurations({})).toEqual({ warmupSeconds: 3, durationSeconds: 10 });
    expect(loadDurations({ BENCH_WARMUP: '', BENCH_DURATION: ' ' })).toEqual({
      warmupSeconds: 3,
      durationSeconds: 10,
    });
  });

  it('takes whole seconds from BENCH_WARMUP and BENCH_DURATION', () => {
    expect(loadDurations({ BENCH_WARMUP: '1', BENCH_DURATION: '30' })).toEqual({
      warmupSeconds: 1,
      durationSeconds: 30,
    });
  });

  it('refuses what autocannon could not run', () => {
    for (const bad of ['0', '-1', '1.5', '10s', 'ten']) {
      expect(() => loadDurations({ BENCH_DURATION: bad })).toThrow(SettingError);
    }
    expect(() => loadDurations({ BENCH_WARMUP: '2.5' })).toThrow(
      'BENCH_WARMUP must be a whole number of seconds',
    );
  });
});

describe('serverEnv', () => {
  it('keeps the shell basics, drops the Veza settings it exports, and adds the benchmark own', () => {
    const env = serverEnv(
      { PORT: '4100', DATABASE_URL: 'postgres://db/bench' },
      {
        PATH: '/usr/bin',
        HOME: '/root',
        REDIS_URL: 'redis://x',
        AMQP_URL: 'amqp://x',
        DATABASE_URL: 'postgres://db/other',
        VEZA_SERVICES: 'auth',
        S3_ENDPOINT: 'http://s3',
        LOG_LEVEL: 'debug',
      },
    );
    expect(env).toEqual({
      PATH: '/usr/bin',
      HOME: '/root',
      PORT: '4100',
      DATABASE_URL: 'postgres://db/bench',
    });
  });
});
