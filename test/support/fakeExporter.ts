/** A tiny exporter the tests scrape: serves a text body and records when it was scraped. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeExporter {
  readonly address: string;
  /** Epoch ms of every scrape received. */
  readonly scrapes: number[];
  /** Replaces the body served from now on. */
  setBody(body: string): void;
  close(): Promise<void>;
}

/** Starts an exporter on a free loopback port. */
export async function startFakeExporter(body: string): Promise<FakeExporter> {
  let current = body;
  const scrapes: number[] = [];
  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith('/metrics')) {
      scrapes.push(Date.now());
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(current);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    scrapes,
    setBody: (b) => (current = b),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
