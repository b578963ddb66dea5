/**
 * An exporter that replays a fixed dataset: every scraper (told apart by its User-Agent) gets
 * batches 0..n on its n-th scrape, each sample with its explicit timestamp. A failed scrape loses
 * nothing (the next one repeats it) and samples already stored are dropped as out of order, so
 * two servers scraping it store exactly the same samples, whatever their timing.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DatasetExporter {
  readonly address: string;
  /** How many batches each User-Agent has been served. */
  progress(userAgent: RegExp): number;
  close(): Promise<void>;
}

/** Serves the batches cumulatively; after the last one a scraper keeps getting all of them. */
export async function startDatasetExporter(batches: readonly string[]): Promise<DatasetExporter> {
  const served = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const agent = req.headers['user-agent'] ?? '';
    const index = served.get(agent) ?? 0;
    served.set(agent, index + 1);
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(batches.slice(0, index + 1).join(''));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    progress: (pattern) => Math.max(0, ...[...served].filter(([agent]) => pattern.test(agent)).map(([, n]) => n)),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const STEP_MS = 15_000;

/**
 * A dataset of counters (one with a reset), gauges and a classic histogram, one batch per 15 s
 * from `startMs`; every sample has its timestamp written out.
 */
export function demoDataset(startMs: number, batchCount: number): string[] {
  const batches: string[] = [];
  for (let k = 0; k < batchCount; k++) {
    const t = startMs + k * STEP_MS;
    const lines: string[] = [];
    for (const [handler, rate] of [['/a', 3], ['/b', 7]] as const) {
      for (const [code, share] of [['200', 0.9], ['500', 0.1]] as const) {
        // The /b 500 counter resets halfway, as after a process restart.
        const reset = handler === '/b' && code === '500' && k >= batchCount / 2;
        const count = Math.round((reset ? k - batchCount / 2 : k) * rate * share * 15);
        lines.push(`demo_requests_total{code="${code}",handler="${handler}"} ${count} ${t}`);
      }
    }
    lines.push(`demo_temperature_celsius{room="x"} ${(20 + 5 * Math.sin(k / 5)).toFixed(3)} ${t}`);
    lines.push(`demo_temperature_celsius{room="y"} ${(18 + 2 * Math.cos(k / 7)).toFixed(3)} ${t}`);
    const bounds = ['0.1', '0.5', '1', '+Inf'];
    let cumulative = 0;
    bounds.forEach((le, i) => {
      cumulative += (k + 1) * (4 - i);
      lines.push(`demo_latency_seconds_bucket{le="${le}"} ${cumulative} ${t}`);
    });
    lines.push(`demo_latency_seconds_sum ${(k + 1) * 3.25} ${t}`);
    lines.push(`demo_latency_seconds_count ${cumulative} ${t}`);
    if (k % 3 !== 0) lines.push(`demo_sometimes{phase="${k % 2 === 0 ? 'even' : 'odd'}"} ${k} ${t}`);
    batches.push(lines.join('\n') + '\n');
  }
  return batches;
}
