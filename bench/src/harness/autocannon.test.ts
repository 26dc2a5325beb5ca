import { describe, expect, it } from 'vitest';
import { parseAutocannonJson } from './autocannon.ts';

// Trimmed from a real `autocannon --json` run (autocannon 8).
const sample = JSON.stringify({
  url: 'http://127.0.0.1:4555/health/live',
  connections: 100,
  duration: 3.08,
  errors: 2,
  timeouts: 1,
  non2xx: 4,
  '2xx': 32764,
  statusCodeStats: { '200': { count: 32764 }, '503': { count: 4 } },
  latency: { average: 8.69, p50: 7, p99: 31, max: 93 },
  requests: { average: 10922, total: 32768, sent: 32868 },
  throughput: { average: 2_140_712, total: 6_422_528 },
});

describe('parseAutocannonJson', () => {
  it('reads the figures the report needs', () => {
    expect(parseAutocannonJson(sample)).toEqual({
      requestsPerSecond: 10922,
      totalRequests: 32768,
      latencyP50Ms: 7,
      latencyP99Ms: 31,
      latencyMaxMs: 93,
      non2xx: 4,
      errors: 2,
      timeouts: 1,
      statusCodes: { '200': 32764, '503': 4 },
      durationSeconds: 3.08,
      bytesPerSecond: 2_140_712,
    });
  });

  it('takes the last JSON line when something was printed before it', () => {
    expect(parseAutocannonJson(`Running 3s test @ http://127.0.0.1\n${sample}\n`).requestsPerSecond).toBe(
      10922,
    );
  });

  it('refuses output without a result, or with a field missing', () => {
    expect(() => parseAutocannonJson('Running 3s test\n')).toThrow('printed no JSON result');
    expect(() => parseAutocannonJson(JSON.stringify({ requests: { average: 1, total: 1 } }))).toThrow(
      'latency is missing',
    );
    const noP99 = JSON.parse(sample) as { latency: Record<string, unknown> };
    delete noP99.latency.p99;
    expect(() => parseAutocannonJson(JSON.stringify(noP99))).toThrow('latency.p99 is not a number');
  });
});
