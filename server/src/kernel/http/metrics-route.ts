import type { KernelMetrics } from '../metrics/kernel-metrics.ts';
import type { VezaHttp } from '../service-module.ts';

export function registerMetricsRoute(
  app: VezaHttp,
  metrics: KernelMetrics,
  beforeScrape: () => Promise<void>,
) {
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    await beforeScrape();
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
