/** A stand-in Alertmanager for tests: records every request and answers as the test decides. */
import { createServer, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface FakeAlertmanager {
  /** host:port */
  readonly address: string;
  readonly requests: ReceivedRequest[];
  /** The alert label sets of every POST body, one array per request. */
  batches(): Array<Array<Record<string, string>>>;
  /** Holds every answer from now on until released (requests are still recorded on arrival). */
  hold(): void;
  /** Answers the held requests and stops holding. */
  release(): void;
  close(): Promise<void>;
}

/** Starts one on a free loopback port; `status` decides each answer (200 by default). */
export async function startFakeAlertmanager(status: (req: ReceivedRequest) => number = () => 200): Promise<FakeAlertmanager> {
  const requests: ReceivedRequest[] = [];
  let held: Array<() => void> | undefined;
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const received = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      requests.push(received);
      const answer = (): void => void res.writeHead(status(received)).end();
      if (held) held.push(answer);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    batches: () => requests.map((r) => (JSON.parse(r.body) as Array<{ labels: Record<string, string> }>).map((a) => a.labels)),
    hold: () => (held ??= []),
    release() {
      const answers = held ?? [];
      held = undefined;
      for (const answer of answers) answer();
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
