/**
 * Merging what several sources (the head, persisted partitions, overlapping backfilled data)
 * hold of the same series: samples are combined in time order, and where two sources have the
 * same timestamp the earlier source in the list wins. Values are copied as bit words.
 */
import { Labels } from '../../model/labels.js';
import type { Series, SeriesSamples } from '../../model/storage.js';

function words(values: Float64Array): Uint32Array {
  return new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
}

/** Merges sample lists (each sorted by time) into one, dropping later duplicates of a timestamp. */
export function mergeSamples(parts: readonly SeriesSamples[]): SeriesSamples {
  const nonEmpty = parts.filter((p) => p.length > 0);
  if (nonEmpty.length === 0) return { timestamps: new Float64Array(0), values: new Float64Array(0), length: 0 };
  if (nonEmpty.length === 1) return nonEmpty[0]!;
  let total = 0;
  for (const p of nonEmpty) total += p.length;
  const timestamps = new Float64Array(total);
  const values = new Float64Array(total);
  const out = words(values);
  // Sources in time order that do not overlap (the usual case) are simply concatenated.
  const byStart = nonEmpty.map((p, priority) => ({ p, priority })).sort((a, b) => a.p.timestamps[0]! - b.p.timestamps[0]! || a.priority - b.priority);
  let disjoint = true;
  for (let i = 1; i < byStart.length; i++) {
    const prev = byStart[i - 1]!.p;
    if (byStart[i]!.p.timestamps[0]! <= prev.timestamps[prev.length - 1]!) disjoint = false;
  }
  let n = 0;
  if (disjoint) {
    for (const { p } of byStart) {
      timestamps.set(p.timestamps.subarray(0, p.length), n);
      out.set(words(p.values).subarray(0, 2 * p.length), 2 * n);
      n += p.length;
    }
    return { timestamps, values, length: n };
  }
  const cursors = nonEmpty.map(() => 0);
  const sourceWords = nonEmpty.map((p) => words(p.values));
  for (;;) {
    let best = -1;
    let bestT = Infinity;
    for (let s = 0; s < nonEmpty.length; s++) {
      const c = cursors[s]!;
      if (c >= nonEmpty[s]!.length) continue;
      const t = nonEmpty[s]!.timestamps[c]!;
      if (t < bestT) {
        bestT = t;
        best = s;
      }
    }
    if (best < 0) break;
    timestamps[n] = bestT;
    out[2 * n] = sourceWords[best]![2 * cursors[best]!]!;
    out[2 * n + 1] = sourceWords[best]![2 * cursors[best]! + 1]!;
    n++;
    // Every source at this timestamp moves on: the first (highest priority) one was taken.
    for (let s = 0; s < nonEmpty.length; s++) {
      const c = cursors[s]!;
      if (c < nonEmpty[s]!.length && nonEmpty[s]!.timestamps[c] === bestT) cursors[s] = c + 1;
    }
  }
  return { timestamps: timestamps.subarray(0, n), values: values.subarray(0, n), length: n };
}

/** Combines series lists from several sources into one, merging series with equal labels; sorted by labels. */
export function mergeSeriesLists(lists: ReadonlyArray<readonly Series[]>): Series[] {
  const nonEmpty = lists.filter((l) => l.length > 0);
  if (nonEmpty.length === 0) return [];
  if (nonEmpty.length === 1) return [...nonEmpty[0]!].sort((a, b) => Labels.compare(a.labels, b.labels));
  const byKey = new Map<string, { labels: Labels; parts: Series[] }>();
  for (const list of nonEmpty) {
    for (const s of list) {
      const entry = byKey.get(s.labels.key);
      if (entry === undefined) byKey.set(s.labels.key, { labels: s.labels, parts: [s] });
      else entry.parts.push(s);
    }
  }
  const out: Series[] = [];
  for (const { labels, parts } of byKey.values()) {
    if (parts.length === 1) out.push(parts[0]!);
    else {
      const merged = mergeSamples(parts.map((p) => p.samples()));
      out.push({ labels, samples: () => merged });
    }
  }
  return out.sort((a, b) => Labels.compare(a.labels, b.labels));
}
