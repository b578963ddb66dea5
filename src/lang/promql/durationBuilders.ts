/**
 * Building duration expressions: the arithmetic Prometheus 3 accepts inside `[...]` and after
 * `offset` (`[26m+4m]`, `[step()]`, `offset min_of(step(), 1s)`). Leaves are number literals in
 * seconds; a literal stays a literal (so `[5m]` and `offset -1m` keep their plain form) and
 * anything else becomes a DurationExpr evaluated before the query runs.
 */
import type { DurationExpr, Expr, NumberLiteral, PositionRange } from './ast.js';
import { numberLiteral as numberToken, durationLiteral as durationToken } from './astBuilders.js';
import { deferError, deferErrorOnCopy, inheritErrors } from './deferredErrors.js';
import { ParseFailure } from './parseError.js';
import type { Token } from './tokens.js';

/** What a duration position holds: a literal (seconds) or an expression. */
export type DurationNode = NumberLiteral | DurationExpr;

// Go's time.Duration is an int64 of nanoseconds.
const MAX_SECONDS = 2 ** 63 / 1e9;

function tokenRange(t: Token): PositionRange {
  return { start: t.offset, end: t.end };
}

function inRange(n: NumberLiteral, reportAt: PositionRange): NumberLiteral {
  if (n.value > MAX_SECONDS || n.value < -MAX_SECONDS) return deferErrorOnCopy(n, new ParseFailure('duration out of range', reportAt));
  return n;
}

/** A NUMBER or DURATION token in a duration position. */
export function durationNumber(t: Token): NumberLiteral {
  const n = t.type === 'DURATION' ? durationToken(t) : numberToken(t);
  return inRange(n, n.pos);
}

// Everything but a plain literal needs the duration-expression feature.
function gated<T extends DurationNode>(node: T, reportAt: PositionRange): T {
  return deferError(node, new ParseFailure('experimental duration expression is not enabled', reportAt), 'durationExpressions');
}

const BINARY_OPS: Partial<Record<Token['type'], DurationExpr['op']>> = { ADD: '+', SUB: '-', MUL: '*', DIV: '/', MOD: '%', POW: '^' };

/** `a + b`, `a * b`, … inside a duration. */
export function durationBinary(lhs: DurationNode, op: Token, rhs: DurationNode): DurationExpr {
  const node: DurationExpr = { kind: 'DurationExpr', op: BINARY_OPS[op.type]!, lhs, rhs, wrapped: false, pos: { start: lhs.pos.start, end: rhs.pos.end } };
  gated(node, lhs.pos);
  if (rhs.kind === 'NumberLiteral' && rhs.value === 0 && (op.type === 'DIV' || op.type === 'MOD')) {
    deferError(node, new ParseFailure(op.type === 'DIV' ? 'division by zero' : 'modulo by zero', tokenRange(op)));
  }
  return node;
}

/** `-d` / `+d`: a sign on a literal folds into it, on an expression `-` becomes a negation. */
export function durationUnary(op: Token, operand: DurationNode): DurationNode {
  const pos = { start: op.offset, end: operand.pos.end };
  if (operand.kind === 'NumberLiteral') {
    const value = op.type === 'SUB' ? -operand.value : operand.value;
    return inRange(inheritErrors({ ...operand, value, pos }, operand), tokenRange(op));
  }
  if (op.type === 'ADD') return operand;
  return { kind: 'DurationExpr', op: '-', rhs: operand, wrapped: false, pos };
}

/** `- - d`: the signs before a duration operand, applied innermost first. */
export function durationSigned(signs: readonly Token[], operand: DurationNode): DurationNode {
  let d = operand;
  for (let i = signs.length - 1; i >= 0; i--) d = durationUnary(signs[i]!, d);
  return d;
}

/** A chain `a ^ b ^ -c` as parsed: the base and each `^` with its signed operand. */
export type DurationPowerChain = [DurationNode, [Token, [readonly Token[], DurationNode]][]];

/** Folds a `^` chain right-associatively; a sign covers the rest of the chain (`2 ^ -1 ^ 2` is `2 ^ -(1 ^ 2)`). */
export function foldDurationPower([base, links]: DurationPowerChain): DurationNode {
  let [signs, acc] = links[links.length - 1]![1];
  acc = durationSigned(signs, acc);
  for (let i = links.length - 1; i > 0; i--) {
    const [prevSigns, operand] = links[i - 1]![1];
    acc = durationSigned(prevSigns, durationBinary(operand, links[i]![0], acc));
  }
  return durationBinary(base, links[0]![0], acc);
}

/** `(d)`: kept as written so that it prints back in parentheses; a literal loses them, as upstream. */
export function durationParen(open: Token, inner: DurationNode, close: Token): DurationNode {
  const wrapped = inner.kind === 'DurationExpr' ? { ...inner, wrapped: true, pos: { start: open.offset, end: close.end } } : { ...inner };
  return gated(inheritErrors(wrapped, inner), inner.pos);
}

/** `step()` / `range()`: the query's step or range, known when the query runs. */
export function durationQueryContext(name: Token, close: Token): DurationExpr {
  const node: DurationExpr = { kind: 'DurationExpr', op: name.type === 'STEP' ? 'step' : 'range', wrapped: false, pos: { start: name.offset, end: close.end } };
  return gated(node, node.pos);
}

/** `min_of(a, b)` / `max_of(a, b)`. */
export function durationMinMax(name: Token, lhs: DurationNode, rhs: DurationNode, close: Token): DurationExpr {
  const op = name.value === 'min_of' ? 'min' : 'max';
  const node: DurationExpr = { kind: 'DurationExpr', op, lhs, rhs, wrapped: false, pos: { start: name.offset, end: close.end } };
  return gated(node, node.pos);
}

/** A range or subquery step must be positive when it is a plain literal (expressions are checked when run). */
export function positiveDuration(d: DurationNode): DurationNode {
  if (d.kind === 'NumberLiteral' && !(d.value > 0)) return deferErrorOnCopy(d, new ParseFailure('duration must be greater than 0', d.pos));
  return d;
}

/** Milliseconds of a literal duration, rounded like Go's `time.Duration(math.Round(s * 1e9))` to ms. */
export function literalMs(d: NumberLiteral): number {
  return Math.round(d.value * 1000);
}

/** Splits a duration position into the AST's plain-milliseconds or expression form. */
export function durationParts(d: DurationNode): { ms: number; expr?: DurationExpr } {
  return d.kind === 'NumberLiteral' ? { ms: literalMs(d) } : { ms: 0, expr: d };
}

/** Whether an expression is a duration node (for builders that receive generic nodes). */
export function isDurationNode(e: Expr): e is DurationNode {
  return e.kind === 'NumberLiteral' || e.kind === 'DurationExpr';
}
