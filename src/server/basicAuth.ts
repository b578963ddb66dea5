/** Basic authentication against the bcrypt hashes of --web.config.file, on every endpoint. */
import type { ServerResponse } from 'node:http';
import bcrypt from 'bcryptjs';
import type { NodeMiddleware } from './nodeMiddleware.js';

/** Middleware: with users configured, a request needs a matching user and password, or gets 401. */
export function basicAuthMiddleware(users: Readonly<Record<string, string>>): NodeMiddleware {
  // bcrypt is slow on purpose; remember credentials that already passed so each request does not pay again.
  const verified = new Set<string>();
  return (req, res, next) => {
    const header = req.headers.authorization ?? '';
    const match = /^Basic\s+(.+)$/i.exec(header);
    const decoded = match ? Buffer.from(match[1]!, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const user = colon < 0 ? '' : decoded.slice(0, colon);
    const password = colon < 0 ? '' : decoded.slice(colon + 1);
    const hash = Object.hasOwn(users, user) ? users[user]! : undefined;
    const cacheKey = `${user}\x00${password}\x00${hash}`;
    const ok = hash !== undefined && (verified.has(cacheKey) || safeCompare(password, hash));
    if (!ok) {
      sendUnauthorized(res);
      return;
    }
    verified.add(cacheKey);
    next();
  };
}

const UNAUTHORIZED = 'Unauthorized\n';

// Plain Node calls, so that the hot path (without express) can run this middleware too.
function sendUnauthorized(res: ServerResponse): void {
  res.statusCode = 401;
  res.setHeader('WWW-Authenticate', 'Basic');
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(UNAUTHORIZED));
  res.end(UNAUTHORIZED);
}

function safeCompare(password: string, hash: string): boolean {
  try {
    return bcrypt.compareSync(password, hash);
  } catch {
    return false;
  }
}
