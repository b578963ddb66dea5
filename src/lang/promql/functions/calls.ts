/**
 * Function calls: dispatches each PromQL function to its implementation. Range-vector
 * functions slide windows (rangeCalls.ts); the rest work on instant vectors and scalars step by
 * step.
 */
import { Labels } from '../../../model/labels.js';
import { annotationText } from '../annotations.js';
import type { Call, Expr } from '../ast.js';
import { unwrapParens, type Evaluator } from '../evaluator.js';
import { QueryError } from '../queryError.js';
import { emptyStepSeries, type EvalValue, type StepSeries, type VectorValue } from '../values.js';
import { evalVectorSelector } from '../vectorSelectors.js';
import { absent, absentOverTime } from './absent.js';
import { clamp, dateFunction, isDateFunction, mapVector, MATH_FUNCTIONS, round } from './elementwise.js';
import { histogramFraction, histogramQuantile, histogramQuantiles } from './histogramFunctions.js';
import { evalInfo } from './info.js';
import { labelJoin, labelReplace } from './labelFunctions.js';
import { evalWindowFunction, isWindowFunction } from './rangeCalls.js';
import { sortSeries } from './sortFunctions.js';

// Native-histogram functions: float samples have nothing for them.
const NATIVE_HISTOGRAM_ONLY = new Set(['histogram_count', 'histogram_sum', 'histogram_avg', 'histogram_stddev', 'histogram_stdvar']);

const SORT_FUNCTIONS = new Set(['sort', 'sort_desc', 'sort_by_label', 'sort_by_label_desc']);

function scalarOf(ev: Evaluator, f: (k: number) => number): EvalValue {
  const values = new Float64Array(ev.stepCount);
  for (let k = 0; k < values.length; k++) values[k] = f(k);
  return { type: 'scalar', values };
}

/** Evaluates a function call at every step. */
export function evalCall(ev: Evaluator, call: Call): EvalValue {
  const name = call.func;
  const args = call.args;
  if (isWindowFunction(name)) return evalWindowFunction(ev, call);
  const math = MATH_FUNCTIONS[name];
  if (math !== undefined) return mapVector(ev.evalVector(args[0]!), math);
  if (isDateFunction(name)) return dateFunction(ev, name, args.length === 0 ? undefined : ev.evalVector(args[0]!));
  if (NATIVE_HISTOGRAM_ONLY.has(name)) {
    ev.evalVector(args[0]!);
    return { type: 'vector', series: [] };
  }
  if (SORT_FUNCTIONS.has(name)) {
    if (ev.query.isRangeQuery) ev.query.annotations.warn(annotationText.sortInRangeQuery, call.pos);
    const input = ev.evalVector(args[0]!);
    const labelNames = args.slice(1).map((a) => ev.evalString(a));
    return { type: 'vector', series: ev.stepCount === 1 ? sortSeries(name, input, labelNames) : input };
  }
  switch (name) {
    case 'time':
      return scalarOf(ev, (k) => ev.stepTime(k) / 1000);
    case 'pi':
      return scalarOf(ev, () => Math.PI);
    case 'start':
      return scalarOf(ev, () => ev.query.startMs / 1000);
    case 'end':
      return scalarOf(ev, () => ev.query.endMs / 1000);
    case 'step':
      return scalarOf(ev, () => ev.query.stepMs / 1000);
    case 'range':
      return scalarOf(ev, () => (ev.query.endMs - ev.query.startMs) / 1000);
    case 'min_of':
    case 'max_of': {
      const a = ev.evalScalar(args[0]!);
      const b = ev.evalScalar(args[1]!);
      return scalarOf(ev, (k) => (name === 'min_of' ? Math.min(a[k]!, b[k]!) : Math.max(a[k]!, b[k]!)));
    }
    case 'vector':
      return vectorOf(ev, ev.evalScalar(args[0]!));
    case 'scalar':
      return scalarFromVector(ev, ev.evalVector(args[0]!));
    case 'timestamp':
      return timestampOf(ev, args[0]!);
    case 'clamp':
      return clamp(ev.evalVector(args[0]!), ev.evalScalar(args[1]!), ev.evalScalar(args[2]!));
    case 'clamp_min': {
      const min = ev.evalScalar(args[1]!);
      return mapVector(ev.evalVector(args[0]!), (v, k) => Math.max(min[k]!, v));
    }
    case 'clamp_max': {
      const max = ev.evalScalar(args[1]!);
      return mapVector(ev.evalVector(args[0]!), (v, k) => Math.min(max[k]!, v));
    }
    case 'round': {
      const input = ev.evalVector(args[0]!);
      const to = args.length > 1 ? ev.evalScalar(args[1]!) : undefined;
      return mapVector(input, (v, k) => round(v, to === undefined ? 1 : to[k]!));
    }
    case 'label_replace':
      return labelReplace(ev.evalVector(args[0]!), ...(args.slice(1, 5).map((a) => ev.evalString(a)) as [string, string, string, string]));
    case 'label_join': {
      const input = ev.evalVector(args[0]!);
      const [dst, separator, ...sources] = args.slice(1).map((a) => ev.evalString(a));
      return labelJoin(input, dst!, separator!, sources);
    }
    case 'absent':
      return absent(ev, args[0]!);
    case 'absent_over_time':
      return absentOverTime(ev, args[0]!);
    case 'histogram_quantile':
      return histogramQuantile(ev, call);
    case 'histogram_quantiles':
      return histogramQuantiles(ev, call);
    case 'histogram_fraction':
      return histogramFraction(ev, call);
    case 'info':
      return evalInfo(ev, call);
    case 'start_timestamp':
      return startTimestampOf(ev, args[0]!);
  }
  throw new QueryError('execution', `not implemented yet: function ${name}`);
}

function vectorOf(ev: Evaluator, values: Float64Array): VectorValue {
  return { type: 'vector', series: [{ labels: Labels.EMPTY, dropName: false, values, present: new Uint8Array(ev.stepCount).fill(1) }] };
}

// The value of the vector's only sample at each step; NaN when it has none or several.
function scalarFromVector(ev: Evaluator, series: readonly StepSeries[]): EvalValue {
  return scalarOf(ev, (k) => {
    let found: number | undefined;
    for (const s of series) {
      if (s.present[k] === 0) continue;
      if (found !== undefined) return NaN;
      found = s.values[k]!;
    }
    return found ?? NaN;
  });
}

/** start_timestamp(v): the start timestamps of a plain selector's samples; any other expression has none. */
function startTimestampOf(ev: Evaluator, arg: Expr): VectorValue {
  const inner = unwrapParens(arg);
  if (inner.kind !== 'VectorSelector') {
    ev.evalVector(arg);
    return { type: 'vector', series: [] };
  }
  return { type: 'vector', series: evalVectorSelector(ev, inner, 'start').map((s) => ({ ...s, dropName: true })) };
}

/**
 * timestamp(v): for a plain selector the time of the sample each step found; for any other
 * expression the evaluation time (the time of its computed samples).
 */
function timestampOf(ev: Evaluator, arg: Expr): VectorValue {
  const inner = unwrapParens(arg);
  if (inner.kind === 'VectorSelector') {
    return { type: 'vector', series: evalVectorSelector(ev, inner, 'timestamp').map((s) => ({ ...s, dropName: true })) };
  }
  const input = ev.evalVector(arg);
  return {
    type: 'vector',
    series: input.map((s) => {
      const out = emptyStepSeries(s.labels, true, ev.stepCount);
      for (let k = 0; k < ev.stepCount; k++) {
        if (s.present[k] === 0) continue;
        out.values[k] = ev.stepTime(k) / 1000;
        out.present[k] = 1;
      }
      return out;
    }),
  };
}
