/**
 * Synthetic scrape targets for the side-by-side benchmarks: each serves a body like a real
 * exporter's (counter families of 50 series each, values changing on every scrape), and the
 * helpers to wait for a server and read one number from its query API.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One target's body at its n-th scrape: `series` series in families of 50. */
export function syntheticBody(target: number, scrape: number, series: number): string {
  let out = '';
  for (let f = 0; f < series / 50; f++) {
    out += `# HELP bench_metric_${f}_total A synthetic counter.\n# TYPE bench_metric_${f}_total counter\n`;
    for (let s = 0; s < 50; s++) out += `bench_metric_${f}_total{shard="${s}",path="/api/v1/resource/${s % 7}",method="${s % 2 ? 'GET' : 'POST'}"} ${scrape * (s + 1) + target}\n`;
  }
  return out;
}

/**
 * Starts `targets` HTTP servers on loopback, each with `series` series. Like a Go exporter's
 * (node_exporter's server has no idle timeout), they keep idle connections open and send no
 * keep-alive timeout hint, so scrapers can reuse their connection from one scrape to the next.
 */
export async function startSyntheticTargets(targets: number, series: number): Promise<{ servers: Server[]; addresses: string[]; close(): void }> {
  const servers: Server[] = [];
  const addresses: string[] = [];
  for (let t = 0; t < targets; t++) {
    let scrapes = 0;
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(syntheticBody(t, scrapes++, series));
    });
    server.keepAliveTimeout = 0;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    addresses.push(`127.0.0.1:${(server.address() as AddressInfo).port}`);
  }
  return { servers, addresses, close: () => servers.forEach((s) => s.close()) };
}

/** A prometheus.yml scraping the targets in one job. */
export function scrapeConfigFor(addresses: readonly string[], intervalSeconds: number): string {
  return `global:\n  scrape_interval: ${intervalSeconds}s\nscrape_configs:\n  - job_name: bench\n    static_configs:\n      - targets: [${addresses.map((a) => `'${a}'`).join(', ')}]\n`;
}

/** Waits until the server answers /-/ready with 200 (a minute at most). */
export async function waitReady(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${url}/-/ready`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never became ready`);
}

/** The value of a query's first sample (NaN when empty). */
export async function queryScalar(url: string, query: string): Promise<number> {
  const body = (await (await fetch(`${url}/api/v1/query?${new URLSearchParams({ query })}`)).json()) as { data: { result: Array<{ value: [number, string] }> } };
  return Number(body.data.result[0]?.value[1] ?? NaN);
}
