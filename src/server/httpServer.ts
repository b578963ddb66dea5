/** Serves the web application as a run-group component: listening while subscribed, closed on unsubscribe. */
import { readFileSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { Observable } from 'rxjs';
import type { TlsServerConfig } from '../config/webConfig.js';
import type { Logger } from '../telemetry/logger.js';

/** Splits `host:port` (or `[v6]:port`, or `:port`) into its parts. */
export function parseListenAddress(address: string): { host: string | undefined; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(address);
  if (!m) throw new Error(`address ${address}: missing port in address`);
  const host = m[1] ?? m[2];
  return { host: host === '' ? undefined : host, port: Number(m[3]) };
}

const TLS_VERSIONS = { TLS10: 'TLSv1', TLS11: 'TLSv1.1', TLS12: 'TLSv1.2', TLS13: 'TLSv1.3' } as const;

/** An HTTPS server per the web config's tls_server_config, with its client-certificate policy. */
function createHttpsServer(app: RequestListener, tls: TlsServerConfig): Server {
  const requestCert = tls.clientAuthType !== 'NoClientCert';
  const server = createTlsServer(
    {
      cert: readFileSync(tls.certFile),
      key: readFileSync(tls.keyFile),
      ca: tls.clientCaFile ? readFileSync(tls.clientCaFile) : undefined,
      requestCert,
      rejectUnauthorized: tls.clientAuthType === 'RequireAndVerifyClientCert',
      minVersion: TLS_VERSIONS[tls.minVersion as keyof typeof TLS_VERSIONS],
      maxVersion: TLS_VERSIONS[tls.maxVersion as keyof typeof TLS_VERSIONS],
    },
    app,
  );
  server.on('secureConnection', (socket: TLSSocket) => {
    const presented = Object.keys(socket.getPeerCertificate() ?? {}).length > 0;
    const refuse =
      (tls.clientAuthType === 'RequireAnyClientCert' && !presented) ||
      (tls.clientAuthType === 'VerifyClientCertIfGiven' && presented && !socket.authorized);
    if (refuse) socket.destroy();
  });
  return server;
}

/** Listens on subscribe (erroring if the port cannot be bound), calls `onListening` once bound, closes on unsubscribe. */
export function serveHttp(app: RequestListener, listenAddress: string, logger: Logger, onListening: () => void = () => undefined, tls?: TlsServerConfig): Observable<never> {
  return new Observable<never>((subscriber) => {
    const { host, port } = parseListenAddress(listenAddress);
    let server: Server;
    try {
      server = tls ? createHttpsServer(app, tls) : createServer(app);
    } catch (e) {
      subscriber.error(new Error(`web config TLS: ${(e as Error).message}`));
      return;
    }
    server.keepAliveTimeout = 65_000;
    server.on('error', (err: NodeJS.ErrnoException) => {
      subscriber.error(new Error(`listen tcp ${listenAddress}: ${err.code === 'EADDRINUSE' ? 'bind: address already in use' : err.message}`));
    });
    server.listen(port, host, () => {
      const bound = server.address() as AddressInfo;
      logger.info({ address: `${bound.address}:${bound.port}`, http2: false, tls: tls !== undefined }, 'Listening on address');
      onListening();
    });
    return () => {
      server.close();
      server.closeAllConnections();
    };
  });
}
