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
import { BUCKETS, buildStore, HISTOGRAMS, HOUR_MS, INTERVAL_MS, QUERIES, SAMPLES_PER_SERIES, SERIES, START_MS } from './support/rangeDataset.js';

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 5);
  const built = Date.now();
  const store = buildStore();
  console.log(`store: ${SERIES} counters + ${HISTOGRAMS * BUCKETS.length} bucket series, ${SAMPLES_PER_SERIES} samples each (built in ${Date.now() - built} ms)`);
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
