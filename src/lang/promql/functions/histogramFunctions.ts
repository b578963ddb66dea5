/**
 * histogram_quantile, histogram_quantiles and histogram_fraction over classic histograms: at
 * each step the `le` bucket series are grouped by their other labels (metric name included),
 * and each group yields one value. Native histograms are out of scope, so the native-only
 * functions (histogram_count, _sum, _avg, _stddev, _stdvar) find nothing in float data.
 */
import { Labels, METRIC_NAME } from '../../../model/labels.js';
import { annotationText, formatGoFloat } from '../annotations.js';
import type { Call } from '../ast.js';
import type { Evaluator } from '../evaluator.js';
import { bucketFraction, bucketQuantile, type Bucket } from '../histogramQuantile.js';
import { QueryError } from '../queryError.js';
import { emptyStepSeries, type StepSeries, type VectorValue } from '../values.js';
import { warnInvalidQuantiles } from './rangeCalls.js';

const BUCKET_LABEL = 'le';

/** Go's strconv.ParseFloat for `le` values: decimal, Inf/Infinity, NaN (any case), optional sign. */
export function parseBucketBound(text: string): number | undefined {
  if (/^[+-]?(inf|infinity)$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(text)) return NaN;
  if (/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(text)) return Number(text);
  if (/^[+-]?0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?[0-9]+$/.test(text)) return parseHexFloat(text);
  return undefined;
}

function parseHexFloat(text: string): number {
  const m = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?[0-9]+)$/.exec(text)!;
  const mantissa = parseInt(m[2]! || '0', 16) + (m[3] ? parseInt(m[3], 16) / 16 ** m[3].length : 0);
  return (m[1] === '-' ? -1 : 1) * mantissa * 2 ** Number(m[4]);
}

interface BucketSeries {
  readonly series: StepSeries;
  readonly bound: number;
  readonly group: string;
}

interface Group {
  readonly labels: Labels;
  readonly buckets: Bucket[];
}

/**
 * Calls `compute` for every group of buckets at every step. Bucket series with a missing or
 * malformed `le` are skipped with Prometheus's warning.
 */
function forEachBucketGroup(
  ev: Evaluator,
  input: readonly StepSeries[],
  argPos: Call['pos'],
  compute: (k: number, key: string, group: Group) => void,
): void {
  const buckets: BucketSeries[] = [];
  const groupLabels = new Map<string, Labels>();
  for (const s of input) {
    const le = s.labels.get(BUCKET_LABEL);
    const bound = parseBucketBound(le);
    if (bound === undefined) {
      if (s.present.includes(1)) ev.query.annotations.warn(annotationText.badBucketLabel(le, s.labels.get(METRIC_NAME)), argPos);
      continue;
    }
    const labels = s.labels.without(BUCKET_LABEL);
    groupLabels.set(labels.key, labels);
    buckets.push({ series: s, bound, group: labels.key });
  }
  for (let k = 0; k < ev.stepCount; k++) {
    const groups = new Map<string, Group>();
    for (const b of buckets) {
      if (b.series.present[k] === 0) continue;
      let g = groups.get(b.group);
      if (g === undefined) {
        g = { labels: groupLabels.get(b.group)!, buckets: [] };
        groups.set(b.group, g);
      }
      g.buckets.push({ upperBound: b.bound, count: b.series.values[k]! });
    }
    for (const [key, g] of groups) compute(k, key, g);
  }
}

// Output series by key, created on first use; they always mark the metric name for removal.
function outputs(ev: Evaluator): { get(key: string, labels: Labels): StepSeries; all(): StepSeries[] } {
  const map = new Map<string, StepSeries>();
  return {
    get(key, labels) {
      let s = map.get(key);
      if (s === undefined) {
        s = emptyStepSeries(labels, true, ev.stepCount);
        map.set(key, s);
      }
      return s;
    },
    all: () => [...map.values()],
  };
}

/** histogram_quantile(φ, buckets). */
export function histogramQuantile(ev: Evaluator, call: Call): VectorValue {
  const q = ev.evalScalar(call.args[0]!);
  const input = ev.evalVector(call.args[1]!);
  warnInvalidQuantiles(ev, q, call);
  const out = outputs(ev);
  forEachBucketGroup(ev, input, call.args[1]!.pos, (k, key, g) => {
    const { value, forcedMonotonic } = bucketQuantile(q[k]!, g.buckets);
    if (forcedMonotonic) ev.query.annotations.info(annotationText.histogramQuantileForcedMonotonicity(g.labels.get(METRIC_NAME)), call.args[1]!.pos);
    const s = out.get(key, g.labels);
    s.values[k] = value;
    s.present[k] = 1;
  });
  return { type: 'vector', series: out.all() };
}

/** The label value a quantile gets in histogram_quantiles: OpenMetrics' float form (`0.0`, `0.25`, `+Inf`). */
export function openMetricsFloat(v: number): string {
  const s = formatGoFloat(v);
  return /[e.]|Inf|NaN/.test(s) ? s : `${s}.0`;
}

/** histogram_quantiles(buckets, "label", φ1, φ2, …): one series per φ, told apart by the label. */
export function histogramQuantiles(ev: Evaluator, call: Call): VectorValue {
  const input = ev.evalVector(call.args[0]!);
  const labelName = ev.evalString(call.args[1]!);
  const qs = call.args.slice(2).map((a) => ev.evalScalar(a));
  qs.forEach((q, i) => warnInvalidQuantiles(ev, q, call, i + 2));
  const out = outputs(ev);
  forEachBucketGroup(ev, input, call.args[0]!.pos, (k, key, g) => {
    if (g.labels.has(labelName)) throw new QueryError('execution', `label ${JSON.stringify(labelName)} already exists in histogram_quantiles() input`);
    qs.forEach((q, i) => {
      const { value, forcedMonotonic } = bucketQuantile(q[k]!, g.buckets);
      if (forcedMonotonic) ev.query.annotations.info(annotationText.histogramQuantileForcedMonotonicity(g.labels.get(METRIC_NAME)), call.args[0]!.pos);
      const name = openMetricsFloat(q[k]!);
      const s = out.get(`${key}\u0000${i}`, g.labels.with(labelName, name));
      s.values[k] = value;
      s.present[k] = 1;
    });
  });
  return { type: 'vector', series: out.all() };
}

/** histogram_fraction(lower, upper, buckets). */
export function histogramFraction(ev: Evaluator, call: Call): VectorValue {
  const lower = ev.evalScalar(call.args[0]!);
  const upper = ev.evalScalar(call.args[1]!);
  const input = ev.evalVector(call.args[2]!);
  const out = outputs(ev);
  forEachBucketGroup(ev, input, call.args[2]!.pos, (k, key, g) => {
    const s = out.get(key, g.labels);
    s.values[k] = bucketFraction(lower[k]!, upper[k]!, g.buckets);
    s.present[k] = 1;
  });
  return { type: 'vector', series: out.all() };
}
