/**
 * Binary operators: arithmetic and comparisons between scalars and vectors in every
 * combination, and the set operators. Vector/vector arithmetic and comparisons match series
 * by label signature (vectorMatching.ts); set operators are in setOperators.ts.
 */
import type { BinaryExpr, BinaryOp } from './ast.js';
import type { Evaluator } from './evaluator.js';
import { QueryError } from './queryError.js';
import { evalSetOperator } from './setOperators.js';
import { emptyStepSeries, type EvalValue, type StepSeries } from './values.js';
import { vectorBinop } from './vectorMatching.js';

/** Whether an operator compares (and so filters, unless `bool` is given). */
export function isComparison(op: BinaryOp): boolean {
  return op === '==' || op === '!=' || op === '>' || op === '<' || op === '>=' || op === '<=';
}

/** Whether an operator is `and`, `or` or `unless`. */
export function isSetOperator(op: BinaryOp): boolean {
  return op === 'and' || op === 'or' || op === 'unless';
}

/** Go's math.Pow, which differs from JS `**` for a base of 1 or -1 and non-finite exponents. */
export function goPow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  return Math.pow(x, y);
}

/** The arithmetic result of an operator on two floats. */
export function arithmetic(op: BinaryOp, a: number, b: number): number {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
    case '%': return a % b;
    case '^': return goPow(a, b);
    case 'atan2': return Math.atan2(a, b);
  }
  throw new QueryError('execution', `operator ${op} is not an arithmetic operator`);
}

/** The truth of a comparison on two floats. */
export function compare(op: BinaryOp, a: number, b: number): boolean {
  switch (op) {
    case '==': return a === b;
    case '!=': return a !== b;
    case '>': return a > b;
    case '<': return a < b;
    case '>=': return a >= b;
    case '<=': return a <= b;
  }
  throw new QueryError('execution', `operator ${op} is not a comparison operator`);
}

/**
 * One element of a binary operation: the value and whether the element is kept. Comparisons
 * without `bool` keep the left operand's value when true; with `bool` they yield 1 or 0.
 */
export function elementOp(op: BinaryOp, returnBool: boolean, a: number, b: number): { value: number; keep: boolean } {
  if (!isComparison(op)) return { value: arithmetic(op, a, b), keep: true };
  const truth = compare(op, a, b);
  if (returnBool) return { value: truth ? 1 : 0, keep: true };
  return { value: a, keep: truth };
}

/** Evaluates a binary expression at every step. */
export function evalBinary(ev: Evaluator, e: BinaryExpr): EvalValue {
  if (isSetOperator(e.op)) return { type: 'vector', series: evalSetOperator(ev, e) };
  const lhs = ev.eval(e.lhs);
  const rhs = ev.eval(e.rhs);
  if (lhs.type === 'scalar' && rhs.type === 'scalar') {
    const values = new Float64Array(ev.stepCount);
    for (let k = 0; k < values.length; k++) values[k] = elementOp(e.op, true, lhs.values[k]!, rhs.values[k]!).value;
    return { type: 'scalar', values };
  }
  if (lhs.type === 'vector' && rhs.type === 'scalar') return { type: 'vector', series: vectorScalar(e, lhs.series, rhs.values, false) };
  if (lhs.type === 'scalar' && rhs.type === 'vector') return { type: 'vector', series: vectorScalar(e, rhs.series, lhs.values, true) };
  if (lhs.type === 'vector' && rhs.type === 'vector') return { type: 'vector', series: vectorBinop(ev, e, lhs.series, rhs.series) };
  throw new QueryError('execution', `binary operator ${e.op} on ${lhs.type} and ${rhs.type}`);
}

/**
 * A vector and a scalar (`swapped` when the scalar is on the left). The result keeps the
 * vector's series; a comparison keeps the vector's value whichever side it is on.
 */
function vectorScalar(e: BinaryExpr, series: readonly StepSeries[], scalar: Float64Array, swapped: boolean): StepSeries[] {
  const comparison = isComparison(e.op);
  const dropsName = !comparison || e.returnBool;
  const out: StepSeries[] = [];
  for (const s of series) {
    const result = emptyStepSeries(s.labels, dropsName || s.dropName, s.values.length);
    let any = false;
    for (let k = 0; k < result.values.length; k++) {
      if (s.present[k] === 0) continue;
      const v = s.values[k]!;
      const c = scalar[k]!;
      const { value, keep } = swapped ? elementOp(e.op, e.returnBool, c, v) : elementOp(e.op, e.returnBool, v, c);
      if (!keep) continue;
      result.values[k] = comparison && !e.returnBool ? v : value;
      result.present[k] = 1;
      any = true;
    }
    if (any) out.push(result);
  }
  return out;
}
