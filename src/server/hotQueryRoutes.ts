/**
 * `/api/v1/query` and `/api/v1/query_range` on plain Node HTTP, in front of express: express's own
 * per-request work (prototype swaps, router, middleware dispatch) cost more than a cheap query.
 * The hot path takes only requests that express would route to these handlers without doubt
 * (GET or POST, the literal path under the route prefix, a URL express parses the simple way),
 * runs the same middleware express runs before them, and calls the same handlers; everything else
 * goes to express.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';
import type { ApiHandler, QueryHandlers } from './api/queryEndpoints.js';
import { formValue } from './api/params.js';
import { runMiddleware, type NodeMiddleware } from './nodeMiddleware.js';

/** Hands a request to express, with the error a middleware on the hot path met (express's error handler answers it). */
export type ExpressFallback = (error?: unknown) => void;

/** Serves a request on the hot path, or hands it to express. */
export type HotRoutes = (req: IncomingMessage, res: ServerResponse, fallback: ExpressFallback) => void;

export interface HotQueryRoutesOptions {
  /** --web.route-prefix: `/` or a path without a trailing slash. */
  readonly routePrefix: string;
  /** Everything express runs before the query handlers on these paths, in express's order. */
  readonly middleware: readonly NodeMiddleware[];
  readonly handlers: QueryHandlers;
}

// A prefix express matches literally (its path syntax gives meaning to other characters).
const LITERAL_PREFIX = /^[A-Za-z0-9/._~%-]*$/;
// Express hands URLs with these characters to Node's full URL parser; leave them to express.
const NOT_SIMPLE_URL = /[\t\n\f\r #\u00a0\ufeff]/;

/** The hot path for the instant and range query endpoints. */
export function hotQueryRoutes(options: HotQueryRoutesOptions): HotRoutes {
  const mount = options.routePrefix === '/' ? '' : options.routePrefix;
  const routes = new Map<string, ApiHandler>();
  if (LITERAL_PREFIX.test(mount)) {
    routes.set(`${mount}/api/v1/query`, options.handlers.instant);
    routes.set(`${mount}/api/v1/query_range`, options.handlers.range);
  }
  return (req, res, fallback) => {
    const url = req.url ?? '';
    const queryAt = url.indexOf('?');
    const handler = req.method === 'GET' || req.method === 'POST' ? routes.get(queryAt < 0 ? url : url.slice(0, queryAt)) : undefined;
    if (handler === undefined || NOT_SIMPLE_URL.test(url)) {
      fallback();
      return;
    }
    runMiddleware(options.middleware, req, res, (error) => {
      if (error !== undefined) {
        fallback(error);
        return;
      }
      // express's "simple" query parser, on the same text express would give it.
      const query = parseQueryString(queryAt < 0 ? '' : url.slice(queryAt + 1));
      const body = (req as { body?: unknown }).body;
      void handler((name) => formValue(query, body, name), res);
    });
  };
}
