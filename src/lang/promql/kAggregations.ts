/**
 * The aggregations that select series instead of combining them: topk, bottomk, limitk and
 * limit_ratio. Selected series keep their labels (and pending name removal); at each step each
 * group picks its members anew. An instant query returns groups in order of appearance, each
 * sorted by value as Prometheus sorts them (topk descending, bottomk ascending, NaN last).
 */
import { annotationText } from './annotations.js';
import type { AggregateExpr } from './ast.js';
import type { Evaluator } from './evaluator.js';
import { groupSeries } from './grouping.js';
import { QueryError } from './queryError.js';
import { emptyStepSeries, type StepSeries, type VectorValue } from './values.js';
import { labelsHash } from './xxhash64.js';

// Compares values for ordering: ascending or descending, NaN always last.
function byValue(descending: boolean): (a: number, b: number) => number {
  return (a, b) => {
    const an = Number.isNaN(a);
    const bn = Number.isNaN(b);
    if (an || bn) return an === bn ? 0 : an ? 1 : -1;
    return descending ? (a < b ? 1 : a > b ? -1 : 0) : a < b ? -1 : a > b ? 1 : 0;
  };
}

// Go refuses to convert floats outside the int64 range to an integer k.
function toK(param: number): number {
  if (Number.isNaN(param)) throw new QueryError('execution', 'Parameter value is NaN');
  if (param >= 9.223372036854776e18 || param < -9.223372036854776e18) {
    throw new QueryError('execution', `Scalar value ${param} overflows int64`);
  }
  return Math.trunc(param);
}

/** The fraction in [0, 1) that limit_ratio compares the ratio with: the label hash over 2^64 - 1. */
export function sampleOffset(s: StepSeries): number {
  return Number(labelsHash(s.labels)) / 18446744073709551615;
}

function ratiosOf(ev: Evaluator, agg: AggregateExpr, param: Float64Array): Float64Array {
  const ratios = new Float64Array(param.length);
  for (let k = 0; k < param.length; k++) {
    const r = param[k]!;
    if (Number.isNaN(r)) throw new QueryError('execution', 'Ratio value is NaN');
    const capped = Math.max(-1, Math.min(1, r));
    if (capped !== r) ev.query.annotations.warn(annotationText.invalidRatio(r, capped), agg.param!.pos);
    ratios[k] = capped;
  }
  return ratios;
}

/** Evaluates topk, bottomk, limitk or limit_ratio at every step. */
export function evalKAggregate(ev: Evaluator, agg: AggregateExpr): VectorValue {
  const param = ev.evalScalar(agg.param!);
  const ks = agg.op === 'limit_ratio' ? ratiosOf(ev, agg, param) : Float64Array.from(param, toK);
  const input = ev.evalVector(agg.expr);
  const count = ev.stepCount;
  const outputs = new Map<number, StepSeries>();
  const order: number[] = [];
  const emit = (i: number, k: number): void => {
    let s = outputs.get(i);
    if (s === undefined) {
      s = emptyStepSeries(input[i]!.labels, input[i]!.dropName, count);
      outputs.set(i, s);
    }
    s.values[k] = input[i]!.values[k]!;
    s.present[k] = 1;
    if (count === 1) order.push(i);
  };
  const offsets = agg.op === 'limit_ratio' ? input.map(sampleOffset) : [];
  for (const group of groupSeries(input, agg.grouping, agg.without)) {
    ev.query.guard.check();
    for (let k = 0; k < count; k++) {
      const present = group.members.filter((i) => input[i]!.present[k] === 1);
      if (agg.op === 'limit_ratio') {
        const r = ks[k]!;
        for (const i of present) if ((r >= 0 && offsets[i]! < r) || (r < 0 && offsets[i]! >= 1 + r)) emit(i, k);
        continue;
      }
      const n = ks[k]!;
      if (n < 1) continue;
      if (agg.op === 'limitk') {
        for (const i of present.slice(0, n)) emit(i, k);
        continue;
      }
      // A stable sort keeps the earlier series among equal values, as Prometheus's heap does.
      const compare = byValue(agg.op === 'topk');
      const chosen = present.sort((a, b) => compare(input[a]!.values[k]!, input[b]!.values[k]!) || a - b).slice(0, n);
      for (const i of chosen) emit(i, k);
    }
  }
  const series = count === 1 ? order.map((i) => outputs.get(i)!) : [...outputs.values()];
  return { type: 'vector', series };
}
