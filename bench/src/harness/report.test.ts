import { describe, expect, it } from 'vitest';
import type { LoadResult } from './autocannon.ts';
import {
  cpuCostLine,
  failuresOf,
  failureWarnings,
  formatRatio,
  formatTable,
  judgePair,
  loadGeneratorNotes,
  type Measurement,
  measurementTable,
  verdictTable,
} from './report.ts';

const result = (overrides: Partial<LoadResult> = {}): LoadResult => ({
  requestsPerSecond: 10_000,
  totalRequests: 100_000,
  latencyP50Ms: 8,
  latencyP99Ms: 15,
  latencyMaxMs: 40,
  non2xx: 0,
  errors: 0,
  timeouts: 0,
  statusCodes: { '200': 100_000 },
  durationSeconds: 10,
  bytesPerSecond: 2_000_000,
  ...overrides,
});

const measurement = (
  label: string,
  overrides: Partial<LoadResult> = {},
  extra: Partial<Measurement> = {},
): Measurement => ({
  label,
  connections: 100,
  pipelining: 1,
  result: result(overrides),
  ...extra,
});

describe('formatRatio', () => {
  it('rounds down, so the shown figure never passes a target the real one misses', () => {
    expect(formatRatio(0.7996)).toBe('0.79');
    expect(formatRatio(0.8)).toBe('0.80');
    expect(formatRatio(0.57)).toBe('0.57');
    expect(formatRatio(1.234)).toBe('1.23');
  });

  it('says n/a for a ratio that cannot be computed', () => {
    expect(formatRatio(Number.NaN)).toBe('n/a');
    expect(formatRatio(Number.POSITIVE_INFINITY)).toBe('n/a');
  });
});

describe('judgePair', () => {
  const pair = (ours: Partial<LoadResult>, bare: Partial<LoadResult>, maxP99Ms?: number) => ({
    title: 'pair',
    ours: measurement('ours', ours),
    bare: measurement('bare', bare),
    target: { minRatio: 0.8, ...(maxP99Ms === undefined ? {} : { maxP99Ms }) },
  });

  it('meets the target at exactly the ratio asked for', () => {
    const verdict = judgePair(pair({ requestsPerSecond: 8_000 }, { requestsPerSecond: 10_000 }));
    expect(verdict.ratio).toBeCloseTo(0.8);
    expect(verdict.checks).toEqual([{ description: 'req/s ≥ 0.80 × bare', actual: '0.80 ×', met: true }]);
    expect(verdict.met).toBe(true);
  });

  it('misses it just below, even where rounding to nearest would show 0.80', () => {
    const verdict = judgePair(pair({ requestsPerSecond: 7_996 }, { requestsPerSecond: 10_000 }));
    expect(verdict.checks[0]).toMatchObject({ actual: '0.79 ×', met: false });
    expect(verdict.met).toBe(false);
  });

  it('checks p99 strictly under the limit', () => {
    const at = judgePair(pair({ requestsPerSecond: 9_000, latencyP99Ms: 20 }, {}, 20));
    expect(at.checks[1]).toEqual({
      description: 'p99 < 20 ms at 100 connections',
      actual: '20 ms',
      met: false,
    });
    expect(at.met).toBe(false);
    const under = judgePair(pair({ requestsPerSecond: 9_000, latencyP99Ms: 19 }, {}, 20));
    expect(under.checks.map((check) => check.met)).toEqual([true, true]);
    expect(under.met).toBe(true);
  });

  it('voids the verdict when either side had errors or non-2xx answers, whatever the ratio', () => {
    const verdict = judgePair(
      pair(
        { requestsPerSecond: 12_000, non2xx: 3, statusCodes: { '200': 10, '503': 3 } },
        { errors: 2, timeouts: 2 },
      ),
    );
    expect(verdict.checks[0]!.met).toBe(true);
    expect(verdict.invalid).toEqual([
      'ours: 3 non-2xx responses (503: 3)',
      'bare: 2 connection errors (2 timeouts)',
    ]);
    expect(verdict.met).toBe(false);
  });

  it('cannot pass against a baseline that served nothing', () => {
    const verdict = judgePair(pair({}, { requestsPerSecond: 0, totalRequests: 0 }));
    expect(verdict.ratio).toBeNaN();
    expect(verdict.checks[0]).toMatchObject({ actual: 'n/a ×', met: false });
    expect(verdict.invalid).toEqual(['bare: no request completed']);
  });
});

describe('failuresOf', () => {
  it('is empty for a clean run', () => {
    expect(failuresOf(result())).toEqual([]);
  });

  it('names every non-2xx status with its count', () => {
    expect(
      failuresOf(result({ non2xx: 1_500, statusCodes: { '200': 5, '404': 1_000, '500': 500 } })),
    ).toEqual(['1,500 non-2xx responses (404: 1,000, 500: 500)']);
  });
});

describe('tables', () => {
  it('aligns the first column left and the others right, under a rule', () => {
    expect(
      formatTable(
        ['target', 'req/s'],
        [
          ['a', '1,000'],
          ['longer', '5'],
        ],
      ),
    ).toBe(['target  req/s', '──────  ─────', 'a       1,000', 'longer      5'].join('\n'));
  });

  it('shows a run with its CPU shares and CPU time per request', () => {
    const table = measurementTable([
      measurement(
        'veza',
        { requestsPerSecond: 8_123.6, totalRequests: 81_236, durationSeconds: 10 },
        { serverCpuSeconds: 9.7, loadGeneratorCpuSeconds: 6.2, otherCpuSeconds: 0.4 },
      ),
      { ...measurement('piped'), pipelining: 10 },
    ]);
    const [header, , veza, piped] = table.split('\n');
    expect(header!.split(/\s{2,}/)).toEqual([
      'target',
      'conns',
      'req/s',
      'p50 ms',
      'p99 ms',
      'max ms',
      'non-2xx',
      'errors',
      'server CPU',
      'CPU µs/req',
      'loadgen CPU',
      'other CPU',
    ]);
    expect(veza!.split(/\s+/)).toEqual([
      'veza',
      '100',
      '8,124',
      '8',
      '15',
      '40',
      '0',
      '0',
      '97%',
      '119.4',
      '62%',
      '4%',
    ]);
    expect(piped!.split(/\s+/)).toEqual([
      'piped',
      '100×10',
      '10,000',
      '8',
      '15',
      '40',
      '0',
      '0',
      'n/a',
      'n/a',
      'n/a',
      'n/a',
    ]);
  });

  it('marks a pair with errors as failed, not as met', () => {
    const table = verdictTable([
      {
        title: 'clean',
        ours: measurement('ours', { requestsPerSecond: 9_000 }),
        bare: measurement('bare'),
        target: { minRatio: 0.8 },
      },
      {
        title: 'broken',
        ours: measurement('ours', { requestsPerSecond: 9_000, errors: 1 }),
        bare: measurement('bare'),
        target: { minRatio: 0.8 },
      },
    ]);
    const rows = table.split('\n').slice(2);
    expect(rows[0]).toMatch(/^clean .*0\.90 ×\s+✓$/);
    expect(rows[1]).toMatch(/^broken .*0\.90 ×\s+✗ \(errors\)$/);
  });

  it('shouts about failed runs and stays quiet about clean ones', () => {
    expect(failureWarnings([measurement('clean')])).toBe('');
    const warning = failureWarnings([
      measurement('clean'),
      measurement('noisy', { non2xx: 7, statusCodes: { '502': 7 } }),
    ]);
    expect(warning).toContain('noisy: 7 non-2xx responses (502: 7)');
    expect(warning).not.toContain('clean');
  });
});

describe('CPU figures', () => {
  it('compares server CPU per request on both sides', () => {
    const line = cpuCostLine({
      title: 'trivial',
      ours: measurement('ours', { totalRequests: 200_000 }, { serverCpuSeconds: 10 }),
      bare: measurement('bare', { totalRequests: 400_000 }, { serverCpuSeconds: 10 }),
      target: { minRatio: 0.8 },
    });
    expect(line).toBe(
      'trivial: server CPU per request 50.0 µs (ours) vs 25.0 µs (bare), so a CPU-bound server would reach 0.50 × bare',
    );
  });

  it('has nothing to say without CPU figures', () => {
    expect(
      cpuCostLine({
        title: 't',
        ours: measurement('ours'),
        bare: measurement('bare'),
        target: { minRatio: 0.8 },
      }),
    ).toBeUndefined();
  });

  it('flags runs where the load generator used nearly a whole core', () => {
    expect(
      loadGeneratorNotes([
        measurement('busy', { durationSeconds: 10 }, { loadGeneratorCpuSeconds: 9.6 }),
        measurement('calm', { durationSeconds: 10 }, { loadGeneratorCpuSeconds: 4 }),
        measurement('unknown'),
      ]),
    ).toEqual(['busy: autocannon used 96% of a core: it may be the limit']);
  });
});
