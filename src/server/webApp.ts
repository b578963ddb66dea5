/** The express application: lifecycle, /metrics and the /api/v1 endpoints under the route prefix. */
import express, { type Express } from 'express';
import type { Registry } from 'prom-client';
import { registerQueryEndpoints, type QueryEndpointsOptions } from './api/queryEndpoints.js';
import { registerSeriesEndpoints } from './api/seriesEndpoints.js';
import { registerTargetsEndpoints, type TargetsEndpointsOptions } from './api/targetsEndpoints.js';
import { registerLifecycleEndpoints, type LifecycleOptions } from './lifecycleEndpoints.js';
import { registerMetricsEndpoint } from './metricsEndpoint.js';

export interface WebAppOptions {
  readonly routePrefix: string;
  readonly lifecycle: LifecycleOptions;
  readonly query: QueryEndpointsOptions;
  readonly targets: TargetsEndpointsOptions;
  readonly registry: Registry;
}

/** Builds the HTTP application. */
export function createWebApp(options: WebAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  // Plain key=value parsing keeps `match[]` as the key, as Prometheus's clients send it.
  app.set('query parser', 'simple');
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '10mb' }));
  registerLifecycleEndpoints(router, options.lifecycle);
  registerMetricsEndpoint(router, options.registry);
  registerQueryEndpoints(router, options.query);
  registerTargetsEndpoints(router, options.targets);
  registerSeriesEndpoints(router, options.query.storage);
  app.use(options.routePrefix === '/' ? '' : options.routePrefix, router);
  if (options.routePrefix !== '/') app.get('/', (_req, res) => res.redirect(302, options.routePrefix));
  return app;
}
