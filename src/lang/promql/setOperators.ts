/**
 * The set operators `and`, `or` and `unless`: at each step, series of one side are kept or
 * dropped by whether the other side has a series with the same matching signature. Series
 * pass through unchanged (labels, values and pending name removal).
 */
import type { BinaryExpr, VectorMatching } from './ast.js';
import type { Evaluator } from './evaluator.js';
import { mergeSameLabels } from './seriesMerge.js';
import { emptyStepSeries, hasPoints, type StepSeries } from './values.js';
import { matchLabels } from './vectorMatching.js';

const DEFAULT_MATCHING: VectorMatching = { card: 'many-to-many', matchingLabels: [], on: false, include: [] };

// The steps at which some series of a side has each signature.
function signaturesByStep(series: readonly StepSeries[], sigs: readonly string[], count: number): Set<string>[] {
  const bySteps: Set<string>[] = Array.from({ length: count }, () => new Set<string>());
  series.forEach((s, i) => {
    for (let k = 0; k < count; k++) if (s.present[k] === 1) bySteps[k]!.add(sigs[i]!);
  });
  return bySteps;
}

// A copy of a series keeping only the steps `keep` accepts.
function filtered(s: StepSeries, keep: (k: number) => boolean): StepSeries {
  const out = emptyStepSeries(s.labels, s.dropName, s.values.length);
  for (let k = 0; k < s.values.length; k++) {
    if (s.present[k] === 0 || !keep(k)) continue;
    out.values[k] = s.values[k]!;
    out.present[k] = 1;
  }
  return out;
}

/** Evaluates `and`, `or` or `unless` at every step. */
export function evalSetOperator(ev: Evaluator, e: BinaryExpr): StepSeries[] {
  const m = e.matching ?? DEFAULT_MATCHING;
  const lhs = ev.evalVector(e.lhs);
  const rhs = ev.evalVector(e.rhs);
  const count = ev.stepCount;
  const lhsSigs = lhs.map((s) => matchLabels(s.labels, m).key);
  const rhsSigs = rhs.map((s) => matchLabels(s.labels, m).key);
  switch (e.op) {
    case 'and': {
      const right = signaturesByStep(rhs, rhsSigs, count);
      return lhs.map((s, i) => filtered(s, (k) => right[k]!.has(lhsSigs[i]!))).filter(hasPoints);
    }
    case 'unless': {
      const right = signaturesByStep(rhs, rhsSigs, count);
      return lhs.map((s, i) => filtered(s, (k) => !right[k]!.has(lhsSigs[i]!))).filter(hasPoints);
    }
    default: {
      const left = signaturesByStep(lhs, lhsSigs, count);
      const extra = rhs.map((s, i) => filtered(s, (k) => !left[k]!.has(rhsSigs[i]!))).filter(hasPoints);
      // A series may come from the left at some steps and from the right at others.
      return mergeSameLabels([...lhs, ...extra]);
    }
  }
}
