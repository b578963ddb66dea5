/**
 * The HTTP application: security, lifecycle, /metrics and the /api/v1 endpoints under the route
 * prefix, served by express, with the query endpoints on a hot path in front of it.
 */
import type { IncomingMessage, RequestListener } from 'node:http';
import compression from 'compression';
import express, { type Express } from 'express';
import type { Registry } from 'prom-client';
import { registerAdminEndpoints, type AdminStorage } from './api/adminEndpoints.js';
import { createQueryHandlers, registerQueryHandlers, type QueryEndpointsOptions, type QueryHandlers } from './api/queryEndpoints.js';
import { registerRulesEndpoints } from './api/rulesEndpoints.js';
import { registerSeriesEndpoints } from './api/seriesEndpoints.js';
import { registerStatusEndpoints, type ServerStatus } from './api/statusEndpoints.js';
import { registerTargetsEndpoints, type TargetsEndpointsOptions } from './api/targetsEndpoints.js';
import type { RulesView } from '../streams/rulesView.js';
import { basicAuthMiddleware } from './basicAuth.js';
import { corsMiddleware } from './cors.js';
import { registerFederateEndpoint, type FederateOptions } from './federateEndpoint.js';
import { hotQueryRoutes } from './hotQueryRoutes.js';
import { registerLifecycleEndpoints, type LifecycleOptions } from './lifecycleEndpoints.js';
import { registerMetricsEndpoint } from './metricsEndpoint.js';
import type { NodeMiddleware } from './nodeMiddleware.js';

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

/** What express and the hot path share, so that both answer alike. */
interface SharedParts {
  /** Before the router, for every endpoint. */
  readonly appMiddleware: readonly NodeMiddleware[];
  /** In the router, for /api. */
  readonly cors: NodeMiddleware;
  /** In the router, for every endpoint. */
  readonly parseForm: NodeMiddleware;
  /** One set, so that one --query.max-concurrency limit counts queries from both. */
  readonly queries: QueryHandlers;
}

function sharedPartsOf(options: WebAppOptions): SharedParts {
  const appMiddleware: NodeMiddleware[] = [];
  // Authentication guards every endpoint, /metrics and the lifecycle ones included.
  if (Object.keys(options.basicAuthUsers).length > 0) appMiddleware.push(basicAuthMiddleware(options.basicAuthUsers));
  const headers = Object.entries(options.headers);
  if (headers.length > 0) {
    appMiddleware.push((_req, res, next) => {
      for (const [name, value] of headers) res.setHeader(name, value);
      next();
    });
  }
  // compression is connect middleware on Node's request and response; only its typings say express.
  const compress = compression() as unknown as NodeMiddleware;
  // Without Accept-Encoding nothing is compressed: skip the middleware's per-response hooks (and,
  // like Prometheus, send no Vary header).
  appMiddleware.push((req, res, next) => (req.headers['accept-encoding'] === undefined ? next() : compress(req, res, next)));
  return {
    appMiddleware,
    cors: corsMiddleware(options.corsOrigin),
    parseForm: formParserFor(express.urlencoded({ extended: false, limit: '10mb' }) as NodeMiddleware),
    queries: createQueryHandlers(options.query),
  };
}

// A request without a body has no form to parse: the parser would only set req.body to undefined,
// at a cost that showed in a cheap query's profile. (Node's HTTP parser has already refused a
// malformed Content-Length, so its presence alone means a body, as for the parser itself.)
function formParserFor(parser: NodeMiddleware): NodeMiddleware {
  return (req, res, next) => (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined ? next() : parser(req, res, next));
}

// Errors met on the hot path before a handler (a bad form body): express's error handler answers
// them, as it does for its own routes.
const errorsForExpress = new WeakMap<IncomingMessage, unknown>();

/** The express application alone: it serves every endpoint, the query endpoints included. */
export function createExpressApp(options: WebAppOptions, shared: SharedParts = sharedPartsOf(options)): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  // Plain key=value parsing keeps `match[]` as the key, as Prometheus's clients send it.
  app.set('query parser', 'simple');
  app.use((req, _res, next) => next(errorsForExpress.get(req)));
  for (const middleware of shared.appMiddleware) app.use(middleware);
  const router = express.Router();
  router.use('/api', shared.cors);
  router.use(shared.parseForm);
  registerLifecycleEndpoints(router, options.lifecycle);
  registerMetricsEndpoint(router, options.registry);
  registerQueryHandlers(router, shared.queries);
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

/**
 * Builds the HTTP request listener: the query endpoints' hot path first, express for everything
 * else. `onExpress` sees each request handed to express (tests check what the hot path takes).
 */
export function createWebApp(options: WebAppOptions, onExpress: (req: IncomingMessage) => void = () => undefined): RequestListener {
  const shared = sharedPartsOf(options);
  const app = createExpressApp(options, shared);
  const hot = hotQueryRoutes({
    routePrefix: options.routePrefix,
    middleware: [...shared.appMiddleware, shared.cors, shared.parseForm],
    handlers: shared.queries,
  });
  return (req, res) =>
    hot(req, res, (error) => {
      if (error !== undefined) errorsForExpress.set(req, error);
      onExpress(req);
      app(req, res);
    });
}
