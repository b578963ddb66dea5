/**
 * Custom headers of remote write, remote read and tracing: a few are reserved because Prometheus
 * sets them itself (and `authorization` has dedicated settings).
 */
import type { Fields } from './decode.js';

const RESERVED_HEADERS = new Set([
  'host', 'content-encoding', 'content-length', 'content-type', 'user-agent', 'connection', 'keep-alive',
  'proxy-authenticate', 'proxy-authorization', 'www-authenticate', 'accept-encoding',
  'x-prometheus-remote-write-version', 'x-prometheus-remote-read-version',
  // Added by SigV4 signing.
  'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256',
]);

/** Reads a `headers` map and rejects reserved names; `authorizationMessage` differs between remote storage and tracing. */
export function decodeRemoteHeaders(f: Fields, authorizationMessage: string): Record<string, string> {
  const headers = f.stringMap('headers') ?? {};
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'authorization') throw f.error(f.node_('headers'), authorizationMessage);
    if (RESERVED_HEADERS.has(lower)) throw f.error(f.node_('headers'), `${name} is a reserved header. It must not be changed`);
  }
  return headers;
}
