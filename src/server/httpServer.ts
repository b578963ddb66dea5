/** Serves an express app as a run-group component: listening while subscribed, closed on unsubscribe. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Observable } from 'rxjs';
import type { Express } from 'express';
import type { Logger } from '../telemetry/logger.js';

/** Splits `host:port` (or `[v6]:port`, or `:port`) into its parts. */
export function parseListenAddress(address: string): { host: string | undefined; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(address);
  if (!m) throw new Error(`address ${address}: missing port in address`);
  const host = m[1] ?? m[2];
  return { host: host === '' ? undefined : host, port: Number(m[3]) };
}

/** Listens on subscribe (erroring if the port cannot be bound), calls `onListening` once bound, closes on unsubscribe. */
export function serveHttp(app: Express, listenAddress: string, logger: Logger, onListening: () => void = () => undefined): Observable<never> {
  return new Observable<never>((subscriber) => {
    const { host, port } = parseListenAddress(listenAddress);
    const server = createServer(app);
    server.keepAliveTimeout = 65_000;
    server.on('error', (err: NodeJS.ErrnoException) => {
      subscriber.error(new Error(`listen tcp ${listenAddress}: ${err.code === 'EADDRINUSE' ? 'bind: address already in use' : err.message}`));
    });
    server.listen(port, host, () => {
      const bound = server.address() as AddressInfo;
      logger.info({ address: `${bound.address}:${bound.port}` }, 'Listening on address');
      onListening();
    });
    return () => {
      server.close();
      server.closeAllConnections();
    };
  });
}
