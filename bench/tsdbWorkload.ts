/**
 * A scrape-like workload for the storage benchmarks, shaped like node_exporter data: a third
 * integer counters with per-series rates, a fifth float counters (CPU seconds), a fifth gauges
 * (memory in pages, temperatures), the rest constant (info metrics, limits, `up`); one sample
 * per series every 15 s, timestamps with the few milliseconds of jitter real scrapes have.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Labels } from '../src/model/labels.js';
import type { Appendable } from '../src/model/storage.js';

/** How series values evolve, chosen per series. */
type Kind = 'counter' | 'floatCounter' | 'memoryGauge' | 'temperature' | 'constant';

/** The series of the workload and their current values. */
export class ScrapeWorkload {
  readonly labels: Labels[] = [];
  readonly values: Float64Array;
  private readonly kinds: Kind[] = [];
  private readonly rates: Float64Array;
  private rnd: number;

  constructor(
    readonly seriesCount: number,
    seed = 1,
  ) {
    this.rnd = seed;
    this.values = new Float64Array(seriesCount);
    this.rates = new Float64Array(seriesCount);
    for (let i = 0; i < seriesCount; i++) {
      const r = i % 15;
      const kind: Kind = r < 5 ? 'counter' : r < 8 ? 'floatCounter' : r < 10 ? 'memoryGauge' : r < 11 ? 'temperature' : 'constant';
      this.kinds.push(kind);
      const host = Math.floor(i / 500);
      this.labels.push(
        Labels.from({
          __name__: `node_${kind}_${i % 97}`,
          instance: `10.${host >> 8}.${host & 255}.7:9100`,
          job: 'node',
          device: `dev${i % 13}`,
          mode: ['user', 'system', 'idle', 'iowait'][i % 4]!,
        }),
      );
      this.rates[i] = this.random() * (kind === 'counter' ? 200 : 10);
      this.values[i] = kind === 'memoryGauge' ? Math.floor(this.random() * 1e6) * 4096 : kind === 'temperature' ? 40 + Math.round(this.random() * 100) / 10 : kind === 'constant' ? Math.floor(this.random() * 4) : 0;
    }
  }

  /** Advances every series by one scrape. */
  step(): void {
    for (let i = 0; i < this.seriesCount; i++) {
      const rate = this.rates[i]!;
      switch (this.kinds[i]) {
        case 'counter':
          this.values[i] += Math.floor(rate * (0.5 + this.random()));
          break;
        case 'floatCounter':
          this.values[i] = Math.round((this.values[i]! + rate * this.random()) * 100) / 100;
          break;
        case 'memoryGauge':
          if (this.random() < 0.3) this.values[i] += (Math.floor(this.random() * 64) - 32) * 4096;
          break;
        case 'temperature':
          if (this.random() < 0.2) this.values[i] = Math.round((this.values[i]! + (this.random() - 0.5)) * 10) / 10;
          break;
        default:
          break;
      }
    }
  }

  /** A scrape timestamp: the nominal time plus 0-3 ms of jitter. */
  jitter(nominal: number): number {
    return nominal + Math.floor(this.random() * 4);
  }

  /** xorshift32 in [0, 1). */
  random(): number {
    let x = this.rnd;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.rnd = x >>> 0;
    return this.rnd / 4294967296;
  }
}

/** The rounds of a workload run: `rounds` scrapes every `intervalMs` from `startMs`. */
export interface WorkloadRun {
  readonly series: number;
  readonly rounds: number;
  readonly startMs: number;
  readonly intervalMs: number;
}

/**
 * Appends the workload through the storage's appenders, 1000 series a commit (as a scrape of
 * one big target would); `afterRound` runs after each round (maintenance, progress).
 */
export async function appendWorkload(storage: Appendable, run: WorkloadRun, afterRound: (round: number) => Promise<void> = async () => undefined): Promise<void> {
  const workload = new ScrapeWorkload(run.series);
  const refs = new Array<number>(run.series).fill(0);
  for (let round = 0; round < run.rounds; round++) {
    workload.step();
    const t = workload.jitter(run.startMs + round * run.intervalMs);
    for (let from = 0; from < run.series; from += 1000) {
      const app = storage.appender();
      for (let i = from; i < Math.min(run.series, from + 1000); i++) refs[i] = app.append(refs[i]!, refs[i] === 0 ? workload.labels[i]! : null, t, workload.values[i]!);
      await app.commit();
    }
    await afterRound(round);
  }
}

/**
 * Writes the workload as one OpenMetrics file for backfilling (Prometheus's promtool and
 * promstream's), family by family, each series' samples in time order; returns the sample count.
 */
export async function writeWorkloadOpenMetrics(path: string, run: WorkloadRun): Promise<number> {
  const { series, rounds } = run;
  const workload = new ScrapeWorkload(series);
  const times = new Float64Array(rounds);
  const values = new Float64Array(series * rounds);
  for (let r = 0; r < rounds; r++) {
    workload.step();
    times[r] = workload.jitter(run.startMs + r * run.intervalMs);
    values.set(workload.values, r * series);
  }
  const families = new Map<string, number[]>();
  workload.labels.forEach((l, i) => {
    const name = l.get('__name__');
    const members = families.get(name);
    if (members === undefined) families.set(name, [i]);
    else members.push(i);
  });
  const out = createWriteStream(path);
  for (const [name, members] of families) {
    out.write(`# TYPE ${name} gauge\n`);
    for (const i of members) {
      const l = workload.labels[i]!;
      const labels = l.names.filter((n) => n !== '__name__').map((n) => `${n}="${l.get(n)}"`).join(',');
      let text = '';
      for (let r = 0; r < rounds; r++) text += `${name}{${labels}} ${values[r * series + i]} ${(times[r]! / 1000).toFixed(3)}\n`;
      if (!out.write(text)) await once(out, 'drain');
    }
  }
  out.end('# EOF\n');
  await once(out, 'finish');
  return series * rounds;
}
