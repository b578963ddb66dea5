/** The external URL and route prefix, defaulted as Prometheus does from the listen address. */
import { hostname } from 'node:os';
import type { ServerFlags } from '../config/flags.js';
import { parseListenAddress } from './httpServer.js';

/** --web.external-url, or `http://<hostname>:<port>/`. */
export function externalUrlOf(flags: ServerFlags): URL {
  if (flags.externalUrl) return new URL(flags.externalUrl);
  const { port } = parseListenAddress(flags.listenAddress);
  return new URL(`http://${hostname()}:${port}/`);
}

/** --web.route-prefix, or the path of the external URL; always starts with `/` and has no trailing slash. */
export function routePrefixOf(flags: ServerFlags): string {
  const prefix = flags.routePrefix ?? externalUrlOf(flags).pathname;
  const trimmed = `/${prefix.replace(/^\/+|\/+$/g, '')}`;
  return trimmed;
}

/** The external URL as Prometheus hands it to templates and alert links: no trailing slash. */
export function externalUrlText(flags: ServerFlags): string {
  return externalUrlOf(flags).href.replace(/\/+$/, '');
}
