/** CORS headers for the API, as Prometheus sets them from --web.cors.origin. */
import type { RequestHandler } from 'express';
import { compileAnchoredRe2 } from '../model/re2.js';

const CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Headers': 'Accept, Authorization, Content-Type, Origin',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Expose-Headers': 'Date',
  Vary: 'Origin',
};

/** Middleware: requests with an Origin header get the CORS headers; OPTIONS is answered directly. */
export function corsMiddleware(originPattern: string): RequestHandler {
  const anyOrigin = originPattern === '.*';
  const origin = compileAnchoredRe2(originPattern);
  return (req, res, next) => {
    const requestOrigin = req.headers.origin;
    if (requestOrigin !== undefined) {
      res.set(CORS_HEADERS);
      if (anyOrigin) res.set('Access-Control-Allow-Origin', '*');
      else if (origin.test(requestOrigin)) res.set('Access-Control-Allow-Origin', requestOrigin);
    }
    if (req.method === 'OPTIONS') {
      res.status(200).end();
      return;
    }
    next();
  };
}
