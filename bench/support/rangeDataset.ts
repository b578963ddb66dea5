/**
 * The dataset of the PromQL range benchmarks: 10 000 counters and 1 000 classic histograms of 10
 * buckets, one hour of samples every 15 s. Written once here so that promstream and Prometheus
 * are measured on exactly the same data.
 */
import { Labels, type LabelSet } from '../../src/model/labels.js';
import { MemoryQueryable } from '../../test/lang/promql/memoryQueryable.js';

export const SERIES = 10_000;
export const HISTOGRAMS = 1_000;
export const BUCKETS = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '+Inf'];
export const INTERVAL_MS = 15_000;
export const HOUR_MS = 3_600_000;
export const START_MS = 1_700_000_000_000;
export const SAMPLES_PER_SERIES = HOUR_MS / INTERVAL_MS + 1;

export const QUERIES = ['rate(x[5m])', 'sum by (job) (rate(x[5m]))', 'histogram_quantile(0.9, sum by (le) (rate(h_bucket[5m])))'];

/** One series of the dataset: its labels and the value of its k-th sample. */
export interface DatasetSeries {
  readonly labels: LabelSet;
  readonly kind: 'counter' | 'histogram';
  value(k: number): number;
}

/** Every series of the dataset, counters first. */
export function* datasetSeries(): Generator<DatasetSeries> {
  for (let i = 0; i < SERIES; i++) {
    const rate = 1 + (i % 17);
    yield { labels: { __name__: 'x', job: `job${i % 10}`, instance: `host${i}:9100` }, kind: 'counter', value: (k) => k * rate * 15 };
  }
  for (let h = 0; h < HISTOGRAMS; h++) {
    for (let b = 0; b < BUCKETS.length; b++) {
      const share = (b + 1) / BUCKETS.length;
      yield { labels: { __name__: 'h_bucket', job: `job${h % 10}`, instance: `host${h}:9100`, le: BUCKETS[b]! }, kind: 'histogram', value: (k) => Math.floor(k * 40 * share) };
    }
  }
}

/** The labels of a dataset series as promstream Labels. */
export function labelsOf(series: DatasetSeries): Labels {
  return Labels.from(series.labels);
}

/** The dataset in promstream's in-memory test store. */
export function buildStore(): MemoryQueryable {
  const store = new MemoryQueryable();
  for (const series of datasetSeries()) {
    const labels = labelsOf(series);
    for (let k = 0; k < SAMPLES_PER_SERIES; k++) store.add(labels, START_MS + k * INTERVAL_MS, series.value(k));
  }
  return store;
}
