/**
 * Calls of range-vector functions (`rate(x[5m])`, `quantile_over_time(0.9, x[1h])`, …). Per
 * series, the window slides over the series' typed arrays from step to step (both edges only
 * move forward), and the function's kernel runs on each window in place.
 */
import { METRIC_NAME } from '../../../model/labels.js';
import { annotationText } from '../annotations.js';
import type { Call } from '../ast.js';
import type { Evaluator } from '../evaluator.js';
import { QueryError } from '../queryError.js';
import type { RangeArgument } from '../rangeArguments.js';
import { StepSeriesAllocator, type StepSeries, type VectorValue } from '../values.js';
import { OVER_TIME_KERNELS } from './overTimeFunctions.js';
import { countingKernel, INSTANT_RATE_KERNELS, RATE_KERNELS, type RangeVariant } from './rateFunctions.js';
import { hasStartOverlap } from './startTimestamps.js';
import { computeNextDrop, type RangeKernel, type Window } from './window.js';

// Functions that return the samples' own values keep the metric name.
const KEEPS_NAME = new Set(['last_over_time', 'first_over_time']);

const SMOOTHED_ALLOWED = ['delta', 'increase', 'rate'];
const ANCHORED_ALLOWED = ['changes', 'delta', 'increase', 'rate', 'resets'];

/** Whether a function takes a range vector and is evaluated window by window here. */
export function isWindowFunction(name: string): boolean {
  return name in OVER_TIME_KERNELS || name in RATE_KERNELS || name in INSTANT_RATE_KERNELS || name === 'changes' || name === 'resets';
}

function kernelFor(name: string, variant: RangeVariant): RangeKernel {
  if (name in RATE_KERNELS) return RATE_KERNELS[name as keyof typeof RATE_KERNELS][variant];
  if (name === 'changes' || name === 'resets') return countingKernel(name, variant === 'anchored');
  if (name in INSTANT_RATE_KERNELS) return INSTANT_RATE_KERNELS[name as keyof typeof INSTANT_RATE_KERNELS];
  return OVER_TIME_KERNELS[name]!;
}

/** Rejects `anchored`/`smoothed` on functions that do not support them, with Prometheus's message. */
export function checkExtendedModifiers(name: string, arg: { anchored: boolean; smoothed: boolean }): void {
  if (arg.smoothed && !SMOOTHED_ALLOWED.includes(name)) {
    throw new QueryError('bad_data', `smoothed modifier can only be used with: ${SMOOTHED_ALLOWED.join(', ')} - not with ${name}`);
  }
  if (arg.anchored && !ANCHORED_ALLOWED.includes(name)) {
    throw new QueryError('bad_data', `anchored modifier can only be used with: ${ANCHORED_ALLOWED.join(', ')} - not with ${name}`);
  }
}

const COUNTER_SUFFIXES = ['_total', '_sum', '_count', '_bucket'];

/** Evaluates a range-vector function call at every step. */
export function evalWindowFunction(ev: Evaluator, call: Call): VectorValue {
  const name = call.func;
  const rangeIndex = name === 'quantile_over_time' ? 1 : 0;
  const arg: RangeArgument = ev.evalRangeArgument(call.args[rangeIndex]!);
  checkExtendedModifiers(name, arg);
  const params = call.args.map((a, i) => (i === rangeIndex ? undefined : ev.evalScalar(a))).filter((p): p is Float64Array => p !== undefined);
  const variant: RangeVariant = arg.smoothed ? 'smoothed' : arg.anchored ? 'anchored' : 'plain';
  const kernel = kernelFor(name, variant);
  const extended = variant !== 'plain';
  const count = ev.stepCount;
  const results: StepSeries[] = [];
  const stepParams: number[] = new Array<number>(params.length);
  const w: Window = { ts: new Float64Array(0), vs: new Float64Array(0), lo: 0, hi: 0, startMs: 0, endMs: 0, evalMs: 0, rangeMs: arg.rangeMs, lookbackMs: ev.query.lookbackMs, out: new Float64Array(0), k: 0, nextDrop: undefined, st: undefined };
  const warnNonCounter = name === 'rate' || name === 'increase';
  // Many series share a metric name; its annotation is decided once.
  const checkedNames = new Set<string>();
  // Window ends as plain arithmetic: the step grid, shifted by the offset, or fixed by `@`.
  const fixedEnd = arg.fixedEndMs === undefined ? undefined : arg.fixedEndMs - arg.offsetMs;
  const firstEnd = ev.steps.startMs - arg.offsetMs;
  const stepMs = ev.steps.stepMs;
  const rangeMs = arg.rangeMs;
  const columns = new StepSeriesAllocator(count, arg.series.length);
  // rate and increase jump from counter reset to reset; the index is rebuilt per series in one scratch array.
  const usesDrops = variant === 'plain' && (name === 'rate' || name === 'increase');
  let dropScratch = new Int32Array(0);
  for (const s of arg.series) {
    ev.query.guard.check();
    const result = columns.next(s.labels, KEEPS_NAME.has(name) ? s.dropName : true);
    const out = result.values;
    const present = result.present;
    const ts = s.timestamps;
    const n = ts.length;
    w.ts = ts;
    w.vs = s.values;
    w.out = out;
    // Start timestamps only change the plain counter functions (Prometheus's use-start-timestamps).
    w.st = variant === 'plain' ? s.startTimestamps : undefined;
    let overlap = false;
    if (usesDrops) {
      if (dropScratch.length < n + 1) dropScratch = new Int32Array(2 * (n + 1));
      computeNextDrop(s.values, n, dropScratch);
      w.nextDrop = dropScratch;
    }
    let lo = 0;
    let hi = 0;
    let any = false;
    for (let k = 0; k < count; k++) {
      const end = fixedEnd ?? firstEnd + k * stepMs;
      const start = end - rangeMs;
      while (hi < n && ts[hi]! <= end) hi++;
      while (lo < hi && ts[lo]! <= start) lo++;
      if (lo === hi && !extended) continue;
      w.lo = lo;
      w.hi = hi;
      w.startMs = start;
      w.endMs = end;
      w.evalMs = ev.steps.startMs + k * stepMs;
      w.k = k;
      for (let p = 0; p < params.length; p++) stepParams[p] = params[p]![k]!;
      if (!kernel(w, stepParams)) continue;
      if (w.st !== undefined && warnNonCounter && !overlap) overlap = hasStartOverlap(w);
      present[k] = 1;
      any = true;
    }
    if (!any) {
      columns.giveBack(result);
      continue;
    }
    results.push(result);
    if (overlap) ev.query.annotations.warn(annotationText.startTimeOverlap(s.labels.get(METRIC_NAME)), call.args[0]!.pos);
    if (warnNonCounter) {
      const metric = s.labels.get(METRIC_NAME);
      if (metric !== '' && !checkedNames.has(metric)) {
        checkedNames.add(metric);
        if (!COUNTER_SUFFIXES.some((suffix) => metric.endsWith(suffix))) ev.query.annotations.info(annotationText.possibleNonCounter(metric), call.args[0]!.pos);
      }
    }
  }
  // Like Prometheus, an out-of-range φ is only reported when the function had samples to work on.
  if (name === 'quantile_over_time' && results.length > 0) warnInvalidQuantiles(ev, params[0]!, call);
  return { type: 'vector', series: results };
}

/** Warns once for each distinct out-of-range φ among the steps. */
export function warnInvalidQuantiles(ev: Evaluator, q: Float64Array, call: { args: readonly { pos: { start: number; end: number } }[] }, argIndex = 0): void {
  for (let k = 0; k < q.length; k++) {
    const v = q[k]!;
    if (Number.isNaN(v) || v < 0 || v > 1) ev.query.annotations.warn(annotationText.invalidQuantile(v), call.args[argIndex]!.pos);
  }
}
