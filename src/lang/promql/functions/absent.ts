/**
 * absent(v) and absent_over_time(v[range]): a single series with value 1 at the steps where the
 * argument has nothing. Its labels come from the equality matchers of the argument's selector
 * (a label matched twice, or by another matcher type, is left out), as in Prometheus.
 */
import { Labels, METRIC_NAME } from '../../../model/labels.js';
import type { Expr } from '../ast.js';
import { unwrapParens, type Evaluator } from '../evaluator.js';
import { emptyStepSeries, type VectorValue } from '../values.js';

/** The labels of absent's output for an argument expression. */
export function absentLabels(arg: Expr): Labels {
  const inner = unwrapParens(arg);
  const selector = inner.kind === 'VectorSelector' ? inner : inner.kind === 'MatrixSelector' ? inner.selector : undefined;
  if (selector === undefined) return Labels.EMPTY;
  const record: Record<string, string> = {};
  const seen = new Set<string>();
  for (const m of selector.matchers) {
    if (m.name === METRIC_NAME) continue;
    if (m.type === '=' && !seen.has(m.name)) {
      record[m.name] = m.value;
      seen.add(m.name);
    } else {
      delete record[m.name];
    }
  }
  return Labels.from(record);
}

function oneWhere(ev: Evaluator, arg: Expr, missing: (k: number) => boolean): VectorValue {
  const out = emptyStepSeries(absentLabels(arg), false, ev.stepCount);
  for (let k = 0; k < ev.stepCount; k++) {
    if (!missing(k)) continue;
    out.values[k] = 1;
    out.present[k] = 1;
  }
  return { type: 'vector', series: out.present.includes(1) ? [out] : [] };
}

/** absent(v). */
export function absent(ev: Evaluator, arg: Expr): VectorValue {
  const series = ev.evalVector(arg);
  return oneWhere(ev, arg, (k) => !series.some((s) => s.present[k] === 1));
}

/** absent_over_time(v[range]): 1 where no series has a sample in the step's window. */
export function absentOverTime(ev: Evaluator, arg: Expr): VectorValue {
  const range = ev.evalRangeArgument(arg);
  return oneWhere(ev, arg, (k) => !range.series.some((s) => {
    const [lo, hi] = range.window(s, k);
    return hi > lo;
  }));
}
