/**
 * Range-query speed of the PromQL engine over an in-memory store: 10 000 counter series and
 * 10 000 classic-histogram bucket series (1 000 histograms × 10 buckets), one hour of samples
 * every 15 s, queried over that hour at a 15 s step (241 steps).
 * Run: node dist-test/bench/promqlRange.bench.js [rounds]
 *
 * Prints the wall time of each query (best and median of the rounds), for comparison with
 * Prometheus on the same data and queries, and the median CPU time, which a busy machine
 * disturbs less.
 */
import { Engine } from '../src/lang/promql/engine.js';
import { Labels } from '../src/model/labels.js';
import { MemoryQueryable } from '../test/lang/promql/memoryQueryable.js';

const SERIES = 10_000;
const HISTOGRAMS = 1_000;
const BUCKETS = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '+Inf'];
const INTERVAL_MS = 15_000;
const HOUR_MS = 3_600_000;
const START_MS = 1_700_000_000_000;

/** A store with counters that grow at per-series rates, and histograms whose buckets grow cumulatively. */
function buildStore(): MemoryQueryable {
  const store = new MemoryQueryable();
  const samples = HOUR_MS / INTERVAL_MS + 1;
  for (let i = 0; i < SERIES; i++) {
    const labels = Labels.from({ __name__: 'x', job: `job${i % 10}`, instance: `host${i}:9100` });
    const rate = 1 + (i % 17);
    for (let k = 0; k < samples; k++) store.add(labels, START_MS + k * INTERVAL_MS, k * rate * 15);
  }
  for (let h = 0; h < HISTOGRAMS; h++) {
    BUCKETS.forEach((le, b) => {
      const labels = Labels.from({ __name__: 'h_bucket', job: `job${h % 10}`, instance: `host${h}:9100`, le });
      const share = (b + 1) / BUCKETS.length;
      for (let k = 0; k < samples; k++) store.add(labels, START_MS + k * INTERVAL_MS, Math.floor(k * 40 * share));
    });
  }
  return store;
}

const QUERIES = ['rate(x[5m])', 'sum by (job) (rate(x[5m]))', 'histogram_quantile(0.9, sum by (le) (rate(h_bucket[5m])))'];

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 5);
  const built = Date.now();
  const store = buildStore();
  console.log(`store: ${SERIES} counters + ${HISTOGRAMS * BUCKETS.length} bucket series, ${HOUR_MS / INTERVAL_MS + 1} samples each (built in ${Date.now() - built} ms)`);
  const engine = new Engine({ maxSamples: 50_000_000 });
  const start = START_MS;
  const end = START_MS + HOUR_MS;
  for (const query of QUERIES) {
    const times: number[] = [];
    const cpu: number[] = [];
    let series = 0;
    for (let r = 0; r < rounds; r++) {
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      const result = await engine.rangeQuery(store, query, start, end, INTERVAL_MS);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      const used = process.cpuUsage(c0);
      cpu.push((used.user + used.system) / 1000);
      if (result.type === 'matrix') series = result.series.length;
    }
    times.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    const median = (xs: number[]): string => xs[Math.floor(xs.length / 2)]!.toFixed(1);
    console.log(`${query.padEnd(60)} ${series} series  wall best ${times[0]!.toFixed(1)} ms, median ${median(times)} ms  cpu median ${median(cpu)} ms`);
  }
}

await main();
