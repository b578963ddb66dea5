/**
 * Kahan–Babuška (Neumaier) compensated summation, as Prometheus uses for sums and averages:
 * adding many values with naive floating-point addition leaves small residues (1e-17 where the
 * answer is 0), and the conformance data compares zero exactly.
 */

/** A running compensated sum: the total so far and the accumulated rounding error. */
export interface KahanSum {
  sum: number;
  c: number;
}

/** Adds `x` to a running sum (Prometheus's kahanSumInc); returns the new sum and compensation. */
export function kahanAdd(acc: KahanSum, x: number): void {
  const t = acc.sum + x;
  if (Math.abs(acc.sum) >= Math.abs(x)) acc.c += acc.sum - t + x;
  else acc.c += x - t + acc.sum;
  acc.sum = t;
  // Infinity minus infinity would turn the compensation into NaN; an infinite sum needs none.
  if (!Number.isFinite(t)) acc.c = 0;
}

/** The compensated total (an infinite sum is returned as is). */
export function kahanTotal(acc: KahanSum): number {
  return Number.isFinite(acc.sum) ? acc.sum + acc.c : acc.sum;
}

/** Compensated sum of a slice of values. */
export function kahanSum(values: Float64Array, lo = 0, hi = values.length): number {
  const acc = { sum: 0, c: 0 };
  for (let i = lo; i < hi; i++) kahanAdd(acc, values[i]!);
  return kahanTotal(acc);
}
