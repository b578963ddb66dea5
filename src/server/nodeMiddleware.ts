/** Connect-style middleware on plain Node requests: express runs it, and so does the hot path without express. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A step before a handler; it calls `next` to go on, or `next(error)`, or answers the request itself. */
export type NodeMiddleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/** Runs `chain` in order as express would: `done` gets the first error (one thrown counts too) or nothing at the end. */
export function runMiddleware(chain: readonly NodeMiddleware[], req: IncomingMessage, res: ServerResponse, done: (error?: unknown) => void): void {
  let index = 0;
  const next = (error?: unknown): void => {
    // Express treats any falsy argument as "no error".
    if (error || index === chain.length) {
      done(error || undefined);
      return;
    }
    const middleware = chain[index++]!;
    try {
      middleware(req, res, next);
    } catch (e) {
      next(e);
    }
  };
  next();
}
