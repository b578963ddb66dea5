/**
 * Building the postfix modifiers: range selectors `[5m]`, subqueries `[1h:1m]`, `offset`, `@`,
 * and the `anchored`/`smoothed` range modifiers. They bind tighter than every operator and may
 * follow each other in any order; the misuses Prometheus rejects (an offset on a number, two
 * `@`, a range after an offset) are deferred errors on the returned node.
 */
import type { AtModifier, DurationExpr, Expr, MatrixSelector, PositionRange, SubqueryExpr, VectorSelector } from './ast.js';
import { deferError, deferErrorOnCopy, inheritErrors } from './deferredErrors.js';
import { durationParts, type DurationNode } from './durationBuilders.js';
import { ParseFailure } from './parseError.js';
import type { Token } from './tokens.js';

type TimeShiftable = VectorSelector | MatrixSelector | SubqueryExpr;

function span(first: PositionRange, last: { end: number }): PositionRange {
  return { start: first.start, end: last.end };
}

/** `selector[range]`. */
export function matrix(operand: Expr, open: Token, range: DurationNode, close: Token): Expr {
  const bracket = { start: open.offset, end: close.end };
  let problem: string | undefined;
  if (operand.kind !== 'VectorSelector') problem = 'ranges only allowed for vector selectors';
  else if (operand.offsetMs !== 0 || operand.offsetExpr !== undefined) problem = 'no offset modifiers allowed before range';
  else if (operand.at?.kind === 'timestamp') problem = 'no @ modifiers allowed before range';
  if (operand.kind !== 'VectorSelector') return deferErrorOnCopy(operand, new ParseFailure(problem!, bracket));
  const { ms, expr } = durationParts(range);
  const node: MatrixSelector = { kind: 'MatrixSelector', selector: operand, rangeMs: ms, ...(expr && { rangeExpr: expr }), pos: span(operand.pos, close) };
  keepLiteralErrors(node, range);
  return problem === undefined ? node : deferError(node, new ParseFailure(problem, bracket));
}

/** `expr[range:step]` or `expr[range:]` (step 0: the default resolution). */
export function subquery(operand: Expr, range: DurationNode, step: DurationNode | null, close: Token): SubqueryExpr {
  const r = durationParts(range);
  const s = step === null ? { ms: 0 } : durationParts(step);
  const node: SubqueryExpr = {
    kind: 'SubqueryExpr', expr: operand, rangeMs: r.ms, ...(r.expr && { rangeExpr: r.expr }),
    stepMs: s.ms, ...(s.expr && { stepExpr: s.expr }), offsetMs: 0, pos: span(operand.pos, close),
  };
  keepLiteralErrors(node, range);
  if (step !== null) keepLiteralErrors(node, step);
  return node;
}

// A literal range, step or offset is folded into milliseconds; its errors move to the node.
function keepLiteralErrors(node: Expr, d: DurationNode): void {
  if (d.kind === 'NumberLiteral') inheritErrors(node, d);
}

function isTimeShiftable(e: Expr): e is TimeShiftable {
  return e.kind === 'VectorSelector' || e.kind === 'MatrixSelector' || e.kind === 'SubqueryExpr';
}

// The node that holds offset and @: the selector of a range selector, else the node itself.
function holder(e: TimeShiftable): VectorSelector | SubqueryExpr {
  return e.kind === 'MatrixSelector' ? e.selector : e;
}

/** The fields a modifier may change on the node holding offset and @. */
type TimeChange = { offsetMs?: number; offsetExpr?: DurationExpr; at?: AtModifier; anchored?: boolean; smoothed?: boolean };

// Applies a change to the holder and moves the node's end past the modifier.
// The replaced nodes drop out of the tree, so their errors move to the replacements.
function update(e: TimeShiftable, change: TimeChange, end: number): TimeShiftable {
  const pos = { start: e.pos.start, end };
  if (e.kind === 'MatrixSelector') {
    const selector = inheritErrors({ ...e.selector, ...change }, e.selector);
    return inheritErrors({ ...e, selector, pos }, e);
  }
  if (e.kind === 'VectorSelector') return inheritErrors({ ...e, ...change, pos }, e);
  return inheritErrors({ ...e, ...change, pos }, e);
}

/** `offset 5m`, `offset -5m`, `offset (1h + step())`, `offset min_of(step(), 1m)`. */
export function offset(operand: Expr, value: DurationNode): Expr {
  if (!isTimeShiftable(operand)) {
    const msg = 'offset modifier must be preceded by an instant vector selector or range vector selector or a subquery';
    return deferErrorOnCopy(operand, new ParseFailure(msg, operand.pos));
  }
  const h = holder(operand);
  const { ms, expr } = durationParts(value);
  // Like upstream, a zero offset counts as "not set".
  const alreadySet = h.offsetMs !== 0 || h.offsetExpr !== undefined;
  const change: TimeChange = expr === undefined ? { offsetMs: ms, offsetExpr: undefined } : { offsetMs: 0, offsetExpr: expr };
  const node = update(operand, alreadySet ? {} : change, value.pos.end);
  if (expr === undefined) stripUndefined(node);
  keepLiteralErrors(node, value);
  if (alreadySet) deferError(node, new ParseFailure('offset may not be set multiple times', operand.pos));
  return node;
}

// `{ offsetExpr: undefined }` would show up in deep comparisons of trees; drop it.
function stripUndefined(node: TimeShiftable): void {
  const target = (node.kind === 'MatrixSelector' ? node.selector : node) as { offsetExpr?: unknown };
  if (target.offsetExpr === undefined) delete target.offsetExpr;
}

// Go's %f: six decimals, and Go's spellings of the non-finite values.
function goFixed(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  return v.toFixed(6);
}

const INT64_LIMIT = 2 ** 63;

/** `@ 1609746000`, `@ start()`, `@ end()`. */
export function at(operand: Expr, value: { seconds: number; end: number } | { preprocessor: Token; end: number }): Expr {
  const errors: ParseFailure[] = [];
  let modifier: AtModifier;
  if ('seconds' in value) {
    const ts = value.seconds;
    if (!Number.isFinite(ts) || ts >= INT64_LIMIT || ts <= -INT64_LIMIT) {
      errors.push(new ParseFailure(`timestamp out of bounds for @ modifier: ${goFixed(ts)}`, operand.pos));
    }
    modifier = { kind: 'timestamp', ms: Number.isFinite(ts) ? Math.round(ts * 1000) : 0 };
  } else {
    modifier = { kind: value.preprocessor.type === 'START' ? 'start' : 'end' };
  }
  let node: Expr;
  if (!isTimeShiftable(operand)) {
    errors.push(new ParseFailure('@ modifier must be preceded by an instant vector selector or range vector selector or a subquery', operand.pos));
    node = inheritErrors({ ...operand }, operand);
  } else if (holder(operand).at !== undefined) {
    errors.push(new ParseFailure('@ <timestamp> may not be set multiple times', operand.pos));
    node = inheritErrors({ ...operand }, operand);
  } else {
    node = update(operand, { at: modifier }, value.end);
  }
  for (const e of errors) deferError(node, e);
  return node;
}

/** `x[5m] anchored` / `x[5m] smoothed` (and on instant selectors): how range boundaries are treated. */
export function rangeBoundaryModifier(operand: Expr, keyword: Token): Expr {
  const name = keyword.type === 'ANCHORED' ? 'anchored' : 'smoothed';
  const other = name === 'anchored' ? 'smoothed' : 'anchored';
  let node: Expr;
  const errors: string[] = [];
  if (operand.kind === 'VectorSelector' || operand.kind === 'MatrixSelector') {
    const vs = holder(operand) as VectorSelector;
    if (vs[other] === true) errors.push('anchored and smoothed modifiers cannot be used together');
    node = update(operand, { [name]: true }, operand.pos.end);
  } else {
    errors.push(operand.kind === 'SubqueryExpr' ? `${name} modifier is not supported for subqueries` : `${name} modifier not implemented`);
    node = inheritErrors({ ...operand }, operand);
  }
  deferError(node, new ParseFailure(`${name} modifier is experimental and not enabled`, operand.pos), 'extendedRangeSelectors');
  for (const e of errors) deferError(node, new ParseFailure(e, operand.pos));
  return node;
}
