/**
 * Arithmetic and comparisons between two instant vectors. Series pair up by their matching
 * signature (`on`/`ignoring` labels); one-to-one, many-to-one (`group_left`) and one-to-many
 * (`group_right`) matching follow Prometheus, including its errors, and the `fill`,
 * `fill_left` and `fill_right` modifiers supply a value for a missing partner. Matching is
 * redone at every step, since which series are present may change.
 */
import { Labels, METRIC_NAME } from '../../model/labels.js';
import type { BinaryExpr, VectorMatching } from './ast.js';
import { elementOp, isComparison } from './binaryOperators.js';
import type { Evaluator } from './evaluator.js';
import { QueryError } from './queryError.js';
import { emptyStepSeries, type StepSeries } from './values.js';

const DEFAULT_MATCHING: VectorMatching = { card: 'one-to-one', matchingLabels: [], on: false, include: [] };

/** The labels series are matched on: the `on` labels, or all but the `ignoring` ones and the name. */
export function matchLabels(labels: Labels, m: VectorMatching): Labels {
  if (m.on) {
    const record: Record<string, string> = {};
    for (const name of m.matchingLabels) if (labels.has(name)) record[name] = labels.get(name);
    return Labels.from(record);
  }
  return labels.without(METRIC_NAME, ...m.matchingLabels);
}

/** The labels of an output element: from the "many" side, reduced for one-to-one matching, plus `group_x` labels from the "one" side. */
function resultLabels(many: Labels, one: Labels, m: VectorMatching): Labels {
  let labels = many;
  if (m.card === 'one-to-one') labels = m.on ? matchLabels(many, m) : many.without(...m.matchingLabels);
  if (m.include.length === 0) return labels;
  const record = labels.toRecord();
  for (const name of m.include) {
    const v = one.get(name);
    if (v !== '') record[name] = v;
    else delete record[name];
  }
  return Labels.from(record);
}

function duplicateOnOneSide(group: Labels, a: Labels, b: Labels, side: string): QueryError {
  const [first, second] = Labels.compare(a, b) <= 0 ? [a, b] : [b, a];
  return new QueryError(
    'execution',
    `found duplicate series for the match group ${group.toString()} on the ${side} hand-side of the operation: [${first.toString()}, ${second.toString()}];many-to-many matching not allowed: matching labels must be unique on one side`,
  );
}

/** Evaluates `lhs <op> rhs` for two vectors at every step. */
export function vectorBinop(ev: Evaluator, e: BinaryExpr, lhs: readonly StepSeries[], rhs: readonly StepSeries[]): StepSeries[] {
  const m = e.matching ?? DEFAULT_MATCHING;
  if (m.card === 'many-to-many') throw new QueryError('execution', 'many-to-many only allowed for set operators');
  // For one-to-many the sides swap, so that "many" is always handled as the left side.
  const swapped = m.card === 'one-to-many';
  const many = swapped ? rhs : lhs;
  const one = swapped ? lhs : rhs;
  const manySigs = many.map((s) => matchLabels(s.labels, m).key);
  const oneGroups = one.map((s) => matchLabels(s.labels, m));
  const comparison = isComparison(e.op);
  const dropsName = !comparison || e.returnBool;
  const outputs = new Map<string, StepSeries>();
  const emit = (labels: Labels, dropName: boolean, k: number, value: number): void => {
    let s = outputs.get(labels.key);
    if (s === undefined) {
      s = emptyStepSeries(labels, dropName, ev.stepCount);
      outputs.set(labels.key, s);
    }
    s.values[k] = value;
    s.present[k] = 1;
  };
  // The operands in written order: the "many" value is the right operand after a swap.
  const apply = (manyValue: number, oneValue: number) => (swapped ? elementOp(e.op, e.returnBool, oneValue, manyValue) : elementOp(e.op, e.returnBool, manyValue, oneValue));
  const fillMany = m.fillLeft;
  const fillOne = m.fillRight;
  for (let k = 0; k < ev.stepCount; k++) {
    ev.query.guard.check();
    const oneBySig = new Map<string, number>();
    one.forEach((s, j) => {
      if (s.present[k] === 0) return;
      const sig = oneGroups[j]!.key;
      const prior = oneBySig.get(sig);
      if (prior !== undefined) throw duplicateOnOneSide(oneGroups[j]!, one[prior]!.labels, s.labels, swapped ? 'left' : 'right');
      oneBySig.set(sig, j);
    });
    const matchedOne = new Set<number>();
    const seen = new Map<string, Set<string> | null>();
    many.forEach((s, i) => {
      if (s.present[k] === 0) return;
      const sig = manySigs[i]!;
      const j = oneBySig.get(sig);
      if (j === undefined && fillOne === undefined) return;
      if (j !== undefined) matchedOne.add(j);
      const oneValue = j === undefined ? fillOne! : one[j]!.values[k]!;
      const labels = resultLabels(s.labels, j === undefined ? Labels.EMPTY : one[j]!.labels, m);
      // Ambiguous matches are errors even when the comparison would filter the element out.
      if (m.card === 'one-to-one') {
        if (seen.has(sig)) throw new QueryError('execution', 'multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)');
        seen.set(sig, null);
      } else {
        let inserted = seen.get(sig);
        if (inserted === undefined || inserted === null) {
          inserted = new Set();
          seen.set(sig, inserted);
        } else if (inserted.has(labels.key)) {
          throw new QueryError('execution', 'multiple matches for labels: grouping labels must ensure unique matches');
        }
        inserted.add(labels.key);
      }
      const { value, keep } = apply(s.values[k]!, oneValue);
      if (!keep) return;
      emit(labels, dropsName || s.dropName, k, value);
    });
    if (fillMany === undefined) continue;
    // A "one" series nobody matched gets a filled partner labelled by its match group.
    one.forEach((s, j) => {
      if (s.present[k] === 0 || matchedOne.has(j)) return;
      const { value, keep } = apply(fillMany, s.values[k]!);
      if (!keep) return;
      emit(resultLabels(oneGroups[j]!, s.labels, m), dropsName, k, value);
    });
  }
  return [...outputs.values()];
}
