/**
 * sort, sort_desc, sort_by_label and sort_by_label_desc. They only order the result of an
 * instant query (a range query's matrix is always ordered by labels, which Prometheus points
 * out with a warning); values and labels pass through unchanged, the metric name included.
 */
import { Labels } from '../../../model/labels.js';
import type { StepSeries } from '../values.js';

// NaN sorts last in both directions, as in Prometheus.
function byValue(descending: boolean): (a: StepSeries, b: StepSeries) => number {
  return (a, b) => {
    const x = a.values[0]!;
    const y = b.values[0]!;
    const xn = Number.isNaN(x);
    const yn = Number.isNaN(y);
    if (xn || yn) return xn === yn ? 0 : xn ? 1 : -1;
    return descending ? y - x || 0 : x - y || 0;
  };
}

// Splits a string into runs of digits and of non-digits, for natural ordering.
function chunks(s: string): string[] {
  return s.match(/\d+|\D+/g) ?? [];
}

/** Natural order (facette/natsort, as Prometheus uses): digit runs compare as numbers. Returns a < b. */
export function naturalLess(a: string, b: string): boolean {
  const ca = chunks(a);
  const cb = chunks(b);
  for (let i = 0; i < ca.length; i++) {
    if (i >= cb.length) return false;
    const x = ca[i]!;
    const y = cb[i]!;
    const bothNumeric = /^\d+$/.test(x) && /^\d+$/.test(y);
    const equal = bothNumeric ? BigInt(x) === BigInt(y) : x === y;
    if (equal) {
      if (i === ca.length - 1) return true;
      if (i === cb.length - 1) return false;
      continue;
    }
    return bothNumeric ? BigInt(x) < BigInt(y) : x < y;
  }
  return false;
}

function byLabels(names: readonly string[], descending: boolean): (a: StepSeries, b: StepSeries) => number {
  return (a, b) => {
    for (const name of names) {
      const x = a.labels.get(name);
      const y = b.labels.get(name);
      if (x === y) continue;
      const less = descending ? naturalLess(y, x) : naturalLess(x, y);
      return less ? -1 : 1;
    }
    // Equal on every requested label: fall back to the whole label set for a stable order.
    return descending ? Labels.compare(b.labels, a.labels) : Labels.compare(a.labels, b.labels);
  };
}

/** The series in the order the sort function asks for (meaningful for an instant query only). */
export function sortSeries(name: string, series: readonly StepSeries[], labelNames: readonly string[]): StepSeries[] {
  const sorted = [...series];
  if (name === 'sort') sorted.sort(byValue(false));
  else if (name === 'sort_desc') sorted.sort(byValue(true));
  else sorted.sort(byLabels(labelNames, name === 'sort_by_label_desc'));
  return sorted;
}
