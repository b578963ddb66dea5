/**
 * The φ-quantile of a set of floats as Prometheus computes it for `quantile`,
 * `quantile_over_time` and `mad_over_time`: linear interpolation between the two nearest ranks,
 * -Inf below φ = 0 and +Inf above φ = 1, NaN for a NaN φ or no values.
 */

/** Prometheus's sort order for quantiles: NaN before every number. */
export function compareNaNFirst(a: number, b: number): number {
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  if (an || bn) return an && bn ? 0 : an ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The φ-quantile of `values` (which it sorts in place). */
export function quantileOf(q: number, values: Float64Array | number[]): number {
  if (values.length === 0 || Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  values.sort(compareNaNFirst);
  const n = values.length;
  const rank = q * (n - 1);
  const lowerIndex = Math.max(0, Math.floor(rank));
  const upperIndex = Math.min(n - 1, lowerIndex + 1);
  const weight = rank - Math.floor(rank);
  return values[lowerIndex]! * (1 - weight) + values[upperIndex]! * weight;
}
