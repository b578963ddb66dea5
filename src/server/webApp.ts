/** The express application: security, lifecycle, /metrics and the /api/v1 endpoints under the route prefix. */
import compression from 'compression';
import express, { type Express } from 'express';
import type { Registry } from 'prom-client';
import { registerAdminEndpoints, type AdminStorage } from './api/adminEndpoints.js';
import { registerQueryEndpoints, type QueryEndpointsOptions } from './api/queryEndpoints.js';
import { registerRulesEndpoints } from './api/rulesEndpoints.js';
import { registerSeriesEndpoints } from './api/seriesEndpoints.js';
import { registerStatusEndpoints, type ServerStatus } from './api/statusEndpoints.js';
import { registerTargetsEndpoints, type TargetsEndpointsOptions } from './api/targetsEndpoints.js';
import type { RulesView } from '../streams/rulesView.js';
import { basicAuthMiddleware } from './basicAuth.js';
import { corsMiddleware } from './cors.js';
import { registerFederateEndpoint, type FederateOptions } from './federateEndpoint.js';
import { registerLifecycleEndpoints, type LifecycleOptions } from './lifecycleEndpoints.js';
import { registerMetricsEndpoint } from './metricsEndpoint.js';

export interface WebAppOptions {
  readonly routePrefix: string;
  readonly corsOrigin: string;
  /** User → bcrypt hash from --web.config.file; empty means no authentication. */
  readonly basicAuthUsers: Readonly<Record<string, string>>;
  /** Extra response headers from --web.config.file. */
  readonly headers: Readonly<Record<string, string>>;
  readonly enableAdminApi: boolean;
  readonly adminStorage: AdminStorage;
  readonly lifecycle: LifecycleOptions;
  readonly query: QueryEndpointsOptions;
  readonly targets: TargetsEndpointsOptions;
  readonly rules: RulesView;
  readonly status: ServerStatus;
  readonly federate: FederateOptions;
  readonly registry: Registry;
}

/** Builds the HTTP application. */
export function createWebApp(options: WebAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  // Plain key=value parsing keeps `match[]` as the key, as Prometheus's clients send it.
  app.set('query parser', 'simple');
  // Authentication guards every endpoint, /metrics and the lifecycle ones included.
  if (Object.keys(options.basicAuthUsers).length > 0) app.use(basicAuthMiddleware(options.basicAuthUsers));
  if (Object.keys(options.headers).length > 0) app.use((_req, res, next) => (res.set(options.headers), next()));
  const compress = compression();
  // Without Accept-Encoding nothing is compressed: skip the middleware's per-response hooks (and,
  // like Prometheus, send no Vary header).
  app.use((req, res, next) => (req.headers['accept-encoding'] === undefined ? next() : compress(req, res, next)));
  const router = express.Router();
  router.use('/api', corsMiddleware(options.corsOrigin));
  router.use(express.urlencoded({ extended: false, limit: '10mb' }));
  registerLifecycleEndpoints(router, options.lifecycle);
  registerMetricsEndpoint(router, options.registry);
  registerQueryEndpoints(router, options.query);
  registerTargetsEndpoints(router, options.targets);
  registerSeriesEndpoints(router, options.query.storage);
  registerRulesEndpoints(router, options.rules);
  registerStatusEndpoints(router, options.status);
  registerAdminEndpoints(router, options.enableAdminApi, options.adminStorage);
  registerFederateEndpoint(router, options.federate);
  app.use(options.routePrefix === '/' ? '' : options.routePrefix, router);
  if (options.routePrefix !== '/') app.get('/', (_req, res) => res.redirect(302, options.routePrefix));
  return app;
}
