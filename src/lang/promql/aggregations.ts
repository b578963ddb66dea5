/**
 * Aggregation operators. Series are grouped once (labels do not change over steps); then each
 * group's accumulators run over the members' value columns, step by step, with Prometheus's
 * arithmetic: compensated sums, averages that switch to an incremental mean before the sum
 * would overflow, Welford variance, NaN-aware min/max. The k-style operators live in
 * kAggregations.ts, count_values in countValues.ts.
 */
import { annotationText } from './annotations.js';
import type { AggregateExpr } from './ast.js';
import { evalCountValues } from './countValues.js';
import type { Evaluator } from './evaluator.js';
import { groupSeries, type SeriesGroup } from './grouping.js';
import { kahanAdd } from './kahan.js';
import { evalKAggregate } from './kAggregations.js';
import { quantileOf } from './quantile.js';
import { emptyStepSeries, type StepSeries, type VectorValue } from './values.js';

/** Evaluates an aggregation at every step. */
export function evalAggregate(ev: Evaluator, agg: AggregateExpr): VectorValue {
  switch (agg.op) {
    case 'topk':
    case 'bottomk':
    case 'limitk':
    case 'limit_ratio':
      return evalKAggregate(ev, agg);
    case 'count_values':
      return evalCountValues(ev, agg);
    default:
      break;
  }
  const param = agg.op === 'quantile' ? ev.evalScalar(agg.param!) : undefined;
  const input = ev.evalVector(agg.expr);
  if (param !== undefined) {
    for (let k = 0; k < param.length; k++) {
      const q = param[k]!;
      if (Number.isNaN(q) || q < 0 || q > 1) ev.query.annotations.warn(annotationText.invalidQuantile(q), agg.param!.pos);
    }
  }
  const out: StepSeries[] = [];
  for (const group of groupSeries(input, agg.grouping, agg.without)) {
    ev.query.guard.check();
    const result = aggregateGroup(agg.op, group, input, ev.stepCount, param);
    if (result.present.includes(1)) out.push(result);
  }
  return { type: 'vector', series: out };
}

function aggregateGroup(op: AggregateExpr['op'], group: SeriesGroup, input: readonly StepSeries[], count: number, param: Float64Array | undefined): StepSeries {
  const out = emptyStepSeries(group.labels, group.dropName, count);
  const members = group.members.map((i) => input[i]!);
  switch (op) {
    case 'sum':
      sumInto(out, members);
      break;
    case 'avg':
      avgInto(out, members);
      break;
    case 'count':
    case 'group':
      for (const s of members) {
        for (let k = 0; k < count; k++) {
          if (s.present[k] === 0) continue;
          out.values[k] = op === 'group' ? 1 : out.values[k]! + 1;
          out.present[k] = 1;
        }
      }
      break;
    case 'min':
    case 'max':
      extremeInto(out, members, op === 'max');
      break;
    case 'stddev':
    case 'stdvar':
      varianceInto(out, members, op === 'stddev');
      break;
    case 'quantile':
      for (let k = 0; k < count; k++) {
        const values: number[] = [];
        for (const s of members) if (s.present[k] === 1) values.push(s.values[k]!);
        if (values.length === 0) continue;
        out.values[k] = quantileOf(param![k]!, values);
        out.present[k] = 1;
      }
      break;
    default:
      throw new Error(`aggregation ${op} is not handled here`);
  }
  return out;
}

function sumInto(out: StepSeries, members: readonly StepSeries[]): void {
  const c = new Float64Array(out.values.length);
  const acc = { sum: 0, c: 0 };
  for (const s of members) {
    for (let k = 0; k < out.values.length; k++) {
      if (s.present[k] === 0) continue;
      if (out.present[k] === 0) {
        out.values[k] = s.values[k]!;
        out.present[k] = 1;
        continue;
      }
      acc.sum = out.values[k]!;
      acc.c = c[k]!;
      kahanAdd(acc, s.values[k]!);
      out.values[k] = acc.sum;
      c[k] = acc.c;
    }
  }
  for (let k = 0; k < out.values.length; k++) if (out.present[k] === 1 && Number.isFinite(out.values[k]!)) out.values[k] = out.values[k]! + c[k]!;
}

/** Direct compensated mean while the sum stays finite, incremental mean from the first overflow on. */
function avgInto(out: StepSeries, members: readonly StepSeries[]): void {
  const n = out.values.length;
  const sum = new Float64Array(n);
  const c = new Float64Array(n);
  const mean = new Float64Array(n);
  const groupCount = new Float64Array(n);
  const incremental = new Uint8Array(n);
  const acc = { sum: 0, c: 0 };
  for (const s of members) {
    for (let k = 0; k < n; k++) {
      if (s.present[k] === 0) continue;
      const v = s.values[k]!;
      if (out.present[k] === 0) {
        out.present[k] = 1;
        sum[k] = v;
        mean[k] = v;
        groupCount[k] = 1;
        continue;
      }
      const count = ++groupCount[k]!;
      if (incremental[k] === 0) {
        acc.sum = sum[k]!;
        acc.c = c[k]!;
        kahanAdd(acc, v);
        if (acc.sum !== Infinity && acc.sum !== -Infinity) {
          sum[k] = acc.sum;
          c[k] = acc.c;
          continue;
        }
        incremental[k] = 1;
        mean[k] = sum[k]! / (count - 1);
        c[k] = c[k]! / (count - 1);
      }
      const q = (count - 1) / count;
      acc.sum = q * mean[k]!;
      acc.c = q * c[k]!;
      kahanAdd(acc, v / count);
      mean[k] = acc.sum;
      c[k] = acc.c;
    }
  }
  for (let k = 0; k < n; k++) {
    if (out.present[k] === 0) continue;
    out.values[k] = incremental[k] === 1 ? mean[k]! + c[k]! : sum[k]! / groupCount[k]! + c[k]! / groupCount[k]!;
  }
}

function extremeInto(out: StepSeries, members: readonly StepSeries[], isMax: boolean): void {
  for (const s of members) {
    for (let k = 0; k < out.values.length; k++) {
      if (s.present[k] === 0) continue;
      const v = s.values[k]!;
      const cur = out.values[k]!;
      if (out.present[k] === 0 || (isMax ? cur < v : cur > v) || Number.isNaN(cur)) out.values[k] = v;
      out.present[k] = 1;
    }
  }
}

/** Welford's online variance; any NaN or infinite input makes the result NaN. */
function varianceInto(out: StepSeries, members: readonly StepSeries[], stddev: boolean): void {
  const n = out.values.length;
  const count = new Float64Array(n);
  const mean = new Float64Array(n);
  for (const s of members) {
    for (let k = 0; k < n; k++) {
      if (s.present[k] === 0) continue;
      const v = s.values[k]!;
      out.present[k] = 1;
      if (!Number.isFinite(v)) {
        out.values[k] = NaN;
        continue;
      }
      const cnt = ++count[k]!;
      const delta = v - mean[k]!;
      mean[k] = mean[k]! + delta / cnt;
      out.values[k] = out.values[k]! + delta * (v - mean[k]!);
    }
  }
  for (let k = 0; k < n; k++) {
    if (out.present[k] === 0) continue;
    const variance = out.values[k]! / count[k]!;
    out.values[k] = stddev ? Math.sqrt(variance) : variance;
  }
}
