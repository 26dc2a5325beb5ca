import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** The metrics every Veza process exposes at /metrics. One registry per runtime (tests start several). */
export class KernelMetrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'veza_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [this.registry],
  });

  readonly eventsRelayed = new Counter({
    name: 'veza_events_relayed_total',
    help: 'Events published by the outbox relay',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  readonly eventsConsumed = new Counter({
    name: 'veza_events_consumed_total',
    help: 'Events applied by consumer groups (duplicates excluded)',
    labelNames: ['group'] as const,
    registers: [this.registry],
  });

  readonly consumerFailures = new Counter({
    name: 'veza_consumer_failures_total',
    help: 'Failed event deliveries (each attempt), and dead-lettered events',
    labelNames: ['group', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly relayPending = new Gauge({
    name: 'veza_relay_pending_events',
    help: 'Committed events not yet published',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  readonly relayLagSeconds = new Gauge({
    name: 'veza_relay_lag_seconds',
    help: 'Age of the oldest committed event not yet published',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
