/**
 * Series that end up with the same label set. Over a range query two such series are one
 * series if they never have a point at the same step (e.g. `label_replace` over series that
 * take turns, or two metric names whose names are dropped); if they do meet at some step, the
 * result would hold two samples with one label set, which Prometheus rejects.
 */
import { QueryError } from './queryError.js';
import type { StepSeries } from './values.js';

/** Prometheus's error for two samples with the same labels at one time. */
export function duplicateLabelsetError(): QueryError {
  return new QueryError('execution', 'vector cannot contain metrics with the same labelset');
}

/** Merges series with equal label sets; throws when two of them have a point at the same step. */
export function mergeSameLabels(series: StepSeries[]): StepSeries[] {
  const byKey = new Map<string, StepSeries>();
  let merged: Map<string, { values: Float64Array; present: Uint8Array; dropName: boolean }> | undefined;
  for (const s of series) {
    const key = s.labels.key;
    const first = byKey.get(key);
    if (first === undefined) {
      byKey.set(key, s);
      continue;
    }
    merged ??= new Map();
    let target = merged.get(key);
    if (target === undefined) {
      target = { values: Float64Array.from(first.values), present: Uint8Array.from(first.present), dropName: first.dropName };
      merged.set(key, target);
    }
    for (let k = 0; k < s.present.length; k++) {
      if (s.present[k] === 0) continue;
      if (target.present[k] === 1) throw duplicateLabelsetError();
      target.present[k] = 1;
      target.values[k] = s.values[k]!;
    }
    target.dropName ||= s.dropName;
  }
  if (merged === undefined) return series;
  const out: StepSeries[] = [];
  for (const [key, s] of byKey) {
    const m = merged.get(key);
    out.push(m === undefined ? s : { labels: s.labels, dropName: m.dropName, values: m.values, present: m.present });
  }
  return out;
}
