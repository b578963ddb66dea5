/**
 * A scrape-like workload for the storage benchmarks, shaped like node_exporter data: a third
 * integer counters with per-series rates, a fifth float counters (CPU seconds), a fifth gauges
 * (memory in pages, temperatures), the rest constant (info metrics, limits, `up`); one sample
 * per series every 15 s, timestamps with the few milliseconds of jitter real scrapes have.
 */
import { Labels } from '../src/model/labels.js';

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
