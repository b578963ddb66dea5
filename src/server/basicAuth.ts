/** Basic authentication against the bcrypt hashes of --web.config.file, on every endpoint. */
import bcrypt from 'bcryptjs';
import type { RequestHandler } from 'express';

/** Middleware: with users configured, a request needs a matching user and password, or gets 401. */
export function basicAuthMiddleware(users: Readonly<Record<string, string>>): RequestHandler {
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
      res.set('WWW-Authenticate', 'Basic').status(401).type('text/plain; charset=utf-8').send('Unauthorized\n');
      return;
    }
    verified.add(cacheKey);
    next();
  };
}

function safeCompare(password: string, hash: string): boolean {
  try {
    return bcrypt.compareSync(password, hash);
  } catch {
    return false;
  }
}
