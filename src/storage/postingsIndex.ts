/** Postings: for each label name and value, the sorted refs of the series carrying it. */
import type { Labels } from '../model/labels.js';
import { METRIC_NAME } from '../model/labels.js';
import type { Matcher } from '../model/matcher.js';
import type { SeriesRef } from '../model/storage.js';

export class PostingsIndex {
  private readonly index = new Map<string, Map<string, SeriesRef[]>>();
  private readonly all: SeriesRef[] = [];

  /** Indexes a new series; refs are handed out in increasing order, so lists stay sorted. */
  add(ref: SeriesRef, labels: Labels): void {
    this.all.push(ref);
    for (let i = 0; i < labels.size; i++) {
      const name = labels.names[i]!;
      let values = this.index.get(name);
      if (!values) this.index.set(name, (values = new Map()));
      const value = labels.values[i]!;
      const refs = values.get(value);
      if (refs) refs.push(ref);
      else values.set(value, [ref]);
    }
  }

  /** Refs of series matching every matcher, in increasing order. */
  select(matchers: readonly Matcher[]): SeriesRef[] {
    // Start from the most selective positive matcher; the metric name is usually that.
    const ordered = [...matchers].sort((a, b) => rank(a) - rank(b));
    let result: SeriesRef[] | undefined;
    for (const m of ordered) {
      result = this.apply(m, result);
      if (result.length === 0) break;
    }
    return result ?? this.all.slice();
  }

  private apply(m: Matcher, candidates: SeriesRef[] | undefined): SeriesRef[] {
    const values = this.index.get(m.name);
    if (m.matchesEmpty) {
      // The matcher accepts series without the label too: remove the series whose value fails.
      const rejected = new Set<SeriesRef>();
      if (values) for (const [v, refs] of values) if (!m.matches(v)) for (const r of refs) rejected.add(r);
      return (candidates ?? this.all).filter((r) => !rejected.has(r));
    }
    const accepted: SeriesRef[] = [];
    if (values) {
      if (m.type === '=') accepted.push(...(values.get(m.value) ?? []));
      else for (const [v, refs] of values) if (m.matches(v)) accepted.push(...refs);
    }
    accepted.sort((a, b) => a - b);
    if (!candidates) return accepted;
    const keep = new Set(accepted);
    return candidates.filter((r) => keep.has(r));
  }
}

function rank(m: Matcher): number {
  if (m.type === '=' && m.name === METRIC_NAME) return 0;
  if (m.type === '=') return 1;
  return m.matchesEmpty ? 3 : 2;
}
