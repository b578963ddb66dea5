/**
 * The grammar's postprocessors for literals, parentheses, signs and vector selectors, kept in a
 * typed module so that the generated parser only wires tokens and child nodes into functions.
 * Errors that belong to a token whatever surrounds it (bad numbers, durations, escapes and
 * regexes) are thrown as ParseFailure at once; errors that depend on context are deferred
 * (deferredErrors.ts), because nearley also builds nodes for parses it later abandons.
 */
import { METRIC_NAME } from '../../model/labels.js';
import { Matcher, type MatchType } from '../../model/matcher.js';
import type { Expr, NumberLiteral, ParenExpr, PositionRange, StringLiteral, UnaryExpr, VectorSelector } from './ast.js';
import { inheritErrors } from './deferredErrors.js';
import { parseDuration } from '../../model/duration.js';
import { parseNumber } from './numbers.js';
import { ParseFailure } from './parseError.js';
import { unquoteString } from './quoting.js';
import type { Token } from './tokens.js';

function span(first: { offset: number } | PositionRange, last: { end: number } | PositionRange): PositionRange {
  return { start: 'offset' in first ? first.offset : first.start, end: last.end };
}

function tokenRange(t: Token): PositionRange {
  return { start: t.offset, end: t.end };
}

/** A NUMBER token (`1`, `0x1f`, `1e3`, `Inf`). */
export function numberLiteral(t: Token): NumberLiteral {
  try {
    return { kind: 'NumberLiteral', value: parseNumber(t.value), duration: false, pos: tokenRange(t) };
  } catch (e) {
    throw new ParseFailure(`error parsing number: ${(e as Error).message}`, tokenRange(t));
  }
}

/** A DURATION token used as a number of seconds (`5m` is 300; `0s` is a valid 0, only ranges must be positive). */
export function durationLiteral(t: Token): NumberLiteral {
  let ms: number;
  try {
    ms = parseDuration(t.value);
  } catch (e) {
    throw new ParseFailure((e as Error).message, tokenRange(t));
  }
  return { kind: 'NumberLiteral', value: ms / 1000, duration: true, pos: tokenRange(t) };
}

/** A STRING token as a string literal expression. */
export function stringLiteral(t: Token): StringLiteral {
  return { kind: 'StringLiteral', value: unquoteString(t.value), pos: tokenRange(t) };
}

/** `(expr)`. */
export function paren(open: Token, expr: Expr, close: Token): ParenExpr {
  return { kind: 'ParenExpr', expr, pos: span(open, close) };
}

/** `-x` / `+x`; like Prometheus, a sign on a number literal becomes part of the literal. */
export function unary(op: Token, operand: Expr): NumberLiteral | UnaryExpr {
  const sign = op.type === 'SUB' ? '-' : '+';
  if (operand.kind === 'NumberLiteral') {
    const folded = { ...operand, value: sign === '-' ? -operand.value : operand.value, pos: span(op, operand.pos) };
    return inheritErrors(folded, operand);
  }
  return { kind: 'UnaryExpr', op: sign, expr: operand, pos: span(op, operand.pos) };
}

/** `- - x`: the signs written before an operand, applied innermost first. */
export function signed(signs: readonly Token[], operand: Expr): Expr {
  let e = operand;
  for (let i = signs.length - 1; i >= 0; i--) e = unary(signs[i]!, e);
  return e;
}

/** One matcher between braces together with where it was written. */
export interface MatcherItem {
  readonly matcher: Matcher;
  readonly pos: PositionRange;
}

/** `{...}` before it is attached to a metric name. */
export interface BraceMatchers {
  readonly matchers: readonly Matcher[];
  readonly pos: PositionRange;
}

function newMatcher(type: MatchType, name: string, value: string, pos: PositionRange): Matcher {
  try {
    return new Matcher(type, name, value);
  } catch (e) {
    // An invalid regex is reported at the matcher, with Go's `error parsing regexp: ...` text.
    throw new ParseFailure((e as Error).message, pos);
  }
}

/** `label="value"`, `"label"=~"regex"` (the name may be a quoted UTF-8 string). */
export function labelMatcher(name: Token, op: Token, value: Token): MatcherItem {
  const pos = span(name, value);
  const labelName = name.type === 'STRING' ? unquoteString(name.value) : name.value;
  return { matcher: newMatcher(op.value as MatchType, labelName, unquoteString(value.value), pos), pos };
}

/** A lone quoted name between braces, `{"my.metric"}`, selects that metric name. */
export function metricNameMatcher(name: Token): MatcherItem {
  const pos = tokenRange(name);
  return { matcher: newMatcher('=', METRIC_NAME, unquoteString(name.value), pos), pos };
}

/** The list of matchers between braces. */
export function matcherList(items: readonly MatcherItem[], next?: MatcherItem): MatcherItem[] {
  return next === undefined ? [...items] : [...items, next];
}

/** `{` matchers `}` (an optional trailing comma is allowed). */
export function braces(open: Token, items: readonly MatcherItem[], close: Token): BraceMatchers {
  return { matchers: items.map((i) => i.matcher), pos: span(open, close) };
}

/**
 * A vector selector from a metric name and/or braces. As in Prometheus, a name written before
 * the braces becomes an extra `__name__` equality matcher at the end of the list.
 */
export function vectorSelector(name: Token | undefined, matchers: BraceMatchers | undefined): VectorSelector {
  const all = [...(matchers?.matchers ?? [])];
  if (name !== undefined) all.push(new Matcher('=', METRIC_NAME, name.value));
  const start = name?.offset ?? matchers!.pos.start;
  const end = matchers?.pos.end ?? name!.end;
  return { kind: 'VectorSelector', name: name?.value ?? '', matchers: all, offsetMs: 0, pos: { start, end } };
}
