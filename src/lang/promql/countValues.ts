/**
 * count_values("label", v): counts the series that share a value, per group, with the value
 * (in Go's shortest fixed-point form) as a new label. The value label is set on each series
 * before grouping, so it may overwrite a label the grouping keeps.
 */
import { isValidLabelName, Labels } from '../../model/labels.js';
import { quoteGoString } from '../../model/goString.js';
import type { AggregateExpr } from './ast.js';
import type { Evaluator } from './evaluator.js';
import { groupLabels } from './grouping.js';
import { QueryError } from './queryError.js';
import { emptyStepSeries, type StepSeries, type VectorValue } from './values.js';

/** Go's strconv.FormatFloat(v, 'f', -1, 64): the shortest digits that round-trip, never an exponent. */
export function formatFloatFixed(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const [mantissa, exponent] = v.toExponential().split('e') as [string, string];
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const exp = Number(exponent);
  let out: string;
  if (exp >= digits.length - 1) out = digits + '0'.repeat(exp - digits.length + 1);
  else if (exp >= 0) out = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  else out = `0.${'0'.repeat(-exp - 1)}${digits}`;
  return negative ? `-${out}` : out;
}

/** Evaluates count_values at every step. */
export function evalCountValues(ev: Evaluator, agg: AggregateExpr): VectorValue {
  const valueLabel = ev.evalString(agg.param!);
  if (!isValidLabelName(valueLabel)) throw new QueryError('execution', `invalid label name ${quoteGoString(valueLabel)}`);
  const input = ev.evalVector(agg.expr);
  const grouping = agg.without ? agg.grouping : [...agg.grouping, valueLabel];
  const outputs = new Map<string, StepSeries>();
  for (const s of input) {
    ev.query.guard.check();
    for (let k = 0; k < ev.stepCount; k++) {
      if (s.present[k] === 0) continue;
      const labels: Labels = groupLabels(s.labels.with(valueLabel, formatFloatFixed(s.values[k]!)), grouping, agg.without);
      let out = outputs.get(labels.key);
      if (out === undefined) {
        out = emptyStepSeries(labels, false, ev.stepCount);
        outputs.set(labels.key, out);
      }
      out.values[k] = out.values[k]! + 1;
      out.present[k] = 1;
    }
  }
  return { type: 'vector', series: [...outputs.values()] };
}
