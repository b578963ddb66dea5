/** `/metrics`: promstream's own metrics in the Prometheus text format. */
import type { Router } from 'express';
import type { Registry } from 'prom-client';

/** Registers /metrics for a prom-client registry. */
export function registerMetricsEndpoint(router: Router, registry: Registry): void {
  router.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
}
