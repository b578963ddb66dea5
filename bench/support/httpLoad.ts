/**
 * A closed-loop HTTP load generator: `connections` clients on keep-alive connections, each
 * sending its next GET as soon as the previous answer is read in full, for a fixed time.
 */
import { Pool } from 'undici';

export interface LoadResult {
  readonly requests: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/** Loads `origin` + `path` and reports completed requests; any status but 200 aborts the run. */
export async function runHttpLoad(origin: string, path: string, connections: number, durationMs: number): Promise<LoadResult> {
  const pool = new Pool(origin, { connections, pipelining: 1 });
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + durationMs;
  const client = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const sent = performance.now();
      const { statusCode, body } = await pool.request({ path, method: 'GET' });
      const text = await body.text();
      if (statusCode !== 200) throw new Error(`GET ${path} answered ${statusCode}: ${text.slice(0, 300)}`);
      latencies.push(performance.now() - sent);
    }
  };
  try {
    await Promise.all(Array.from({ length: connections }, client));
  } finally {
    await pool.close();
  }
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { requests: latencies.length, perSecond: latencies.length / seconds, p50Ms: at(0.5), p99Ms: at(0.99) };
}
