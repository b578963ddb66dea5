/** CORS headers for the API, as Prometheus sets them from --web.cors.origin. */
import { compileAnchoredRe2 } from '../model/re2.js';
import type { NodeMiddleware } from './nodeMiddleware.js';

const CORS_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['Access-Control-Allow-Headers', 'Accept, Authorization, Content-Type, Origin'],
  ['Access-Control-Allow-Methods', 'GET, POST, OPTIONS'],
  ['Access-Control-Expose-Headers', 'Date'],
  ['Vary', 'Origin'],
];

/** Middleware: requests with an Origin header get the CORS headers; OPTIONS is answered directly. */
export function corsMiddleware(originPattern: string): NodeMiddleware {
  const anyOrigin = originPattern === '.*';
  const origin = compileAnchoredRe2(originPattern);
  return (req, res, next) => {
    const requestOrigin = req.headers.origin;
    if (requestOrigin !== undefined) {
      for (const [name, value] of CORS_HEADERS) res.setHeader(name, value);
      if (anyOrigin) res.setHeader('Access-Control-Allow-Origin', '*');
      else if (origin.test(requestOrigin)) res.setHeader('Access-Control-Allow-Origin', requestOrigin);
    }
    if (req.method === 'OPTIONS') {
      res.statusCode = 200;
      res.end();
      return;
    }
    next();
  };
}
