/**
 * The PromQL syntax tree, for the whole language; this is the contract between the parser and
 * the engine. Every node carries its position range as UTF-8 byte offsets into the query, which
 * is how Prometheus locates errors and annotations (`1:5` is line 1, byte column 5).
 *
 * Shape notes (all additive, no field changed meaning):
 * - `Call.func` is always a name from `FUNCTIONS` (functionSignatures.ts); the query-context
 *   functions `start()`, `end()`, `range()`, `step()` and `min_of`/`max_of` are plain calls when
 *   used as expressions.
 * - Inside `[...]` and after `offset`, arithmetic is a `DurationExpr` whose leaves are
 *   `NumberLiteral`s (seconds); a plain literal range/offset is folded into `rangeMs`/`offsetMs`.
 *   Its `min`/`max` ops are written `min_of(a, b)`/`max_of(a, b)` (Prometheus 3.14 spelling).
 * - `BinaryOp` gained the native-histogram trim operators `</` and `>/` (same precedence as the comparisons).
 * - `BinaryExpr.matching` is present exactly when both operands are instant vectors (as in
 *   Prometheus); set operators without grouping get `many-to-many`.
 */
import type { Matcher } from '../../model/matcher.js';

/** A half-open byte range [start, end) in the query text. */
export interface PositionRange {
  readonly start: number;
  readonly end: number;
}

/** The type an expression evaluates to. */
export type ValueType = 'scalar' | 'vector' | 'matrix' | 'string';

/** The `@` modifier: a fixed timestamp (ms), or the start/end of the query. */
export type AtModifier =
  | { readonly kind: 'timestamp'; readonly ms: number }
  | { readonly kind: 'start' }
  | { readonly kind: 'end' };

/** Time shifts a selector or subquery may carry: `offset` and `@`. */
export interface TimeModifiers {
  /** The offset in ms as written (negative for `offset -5m`). */
  readonly offsetMs: number;
  /** The offset when written as a duration expression (`offset (1h + 5m)`), evaluated before the query. */
  readonly offsetExpr?: DurationExpr;
  readonly at?: AtModifier;
}

/** `42`, `1.5e3`, `0x1f`, `Inf`, or a duration used as a number (`5m` is 300). */
export interface NumberLiteral {
  readonly kind: 'NumberLiteral';
  readonly value: number;
  /** Written as a duration, so it prints back as one. */
  readonly duration: boolean;
  readonly pos: PositionRange;
}

/** `"text"`, `'text'` or a backtick string, already unescaped. */
export interface StringLiteral {
  readonly kind: 'StringLiteral';
  readonly value: string;
  readonly pos: PositionRange;
}

/** `metric{label="value"}`: an instant vector selector. */
export interface VectorSelector extends TimeModifiers {
  readonly kind: 'VectorSelector';
  /** The metric name written before the braces ('' when there is none). */
  readonly name: string;
  /** All matchers, including the `__name__` matcher implied by `name` (last, as in Prometheus). */
  readonly matchers: readonly Matcher[];
  /** `anchored`/`smoothed` range-selector modifiers (experimental in Prometheus 3). */
  readonly anchored?: boolean;
  readonly smoothed?: boolean;
  readonly pos: PositionRange;
}

/** `selector[5m]`: a range vector selector. */
export interface MatrixSelector {
  readonly kind: 'MatrixSelector';
  readonly selector: VectorSelector;
  readonly rangeMs: number;
  readonly rangeExpr?: DurationExpr;
  readonly pos: PositionRange;
}

/** `expr[30m:1m]`: evaluates an instant expression at steps over a range. */
export interface SubqueryExpr extends TimeModifiers {
  readonly kind: 'SubqueryExpr';
  readonly expr: Expr;
  readonly rangeMs: number;
  readonly rangeExpr?: DurationExpr;
  /** 0 means the default resolution. */
  readonly stepMs: number;
  readonly stepExpr?: DurationExpr;
  readonly pos: PositionRange;
}

/** `rate(x[5m])`: a function call. */
export interface Call {
  readonly kind: 'Call';
  readonly func: string;
  readonly args: readonly Expr[];
  readonly pos: PositionRange;
}

/** The aggregation operators. */
export type AggregateOp =
  | 'sum' | 'avg' | 'count' | 'min' | 'max' | 'group' | 'stddev' | 'stdvar' | 'topk' | 'bottomk'
  | 'count_values' | 'quantile' | 'limitk' | 'limit_ratio';

/** `sum by (job) (x)`, `topk(3, x)`. */
export interface AggregateExpr {
  readonly kind: 'AggregateExpr';
  readonly op: AggregateOp;
  readonly expr: Expr;
  /** The parameter of topk, bottomk, quantile, count_values, limitk, limit_ratio. */
  readonly param?: Expr;
  readonly grouping: readonly string[];
  readonly without: boolean;
  readonly pos: PositionRange;
}

/** The binary operators. */
export type BinaryOp =
  | '+' | '-' | '*' | '/' | '%' | '^' | 'atan2'
  | '==' | '!=' | '>' | '<' | '>=' | '<='
  | 'and' | 'or' | 'unless'
  /** Native-histogram trim operators: drop observations above (`</`) or below (`>/`) a scalar. */
  | '</' | '>/';

/** How the two sides of a vector/vector operation pair up. */
export type MatchCardinality = 'one-to-one' | 'many-to-one' | 'one-to-many' | 'many-to-many';

/** `on(a, b) group_left(c) fill(0)` and friends. */
export interface VectorMatching {
  readonly card: MatchCardinality;
  /** Labels of `on(...)` or `ignoring(...)`. */
  readonly matchingLabels: readonly string[];
  /** True for `on`, false for `ignoring` (or no clause). */
  readonly on: boolean;
  /** Extra labels of `group_left(...)`/`group_right(...)`. */
  readonly include: readonly string[];
  /** `fill(v)`, `fill_left(v)`, `fill_right(v)`: values for missing sides (experimental). */
  readonly fillLeft?: number;
  readonly fillRight?: number;
}

/** `a + b`, `a > bool 1`, `a and on(x) b`. */
export interface BinaryExpr {
  readonly kind: 'BinaryExpr';
  readonly op: BinaryOp;
  readonly lhs: Expr;
  readonly rhs: Expr;
  readonly returnBool: boolean;
  /** Absent when both sides are scalars. */
  readonly matching?: VectorMatching;
  readonly pos: PositionRange;
}

/** `-x`, `+x` (a unary operator on a number literal is folded into the literal). */
export interface UnaryExpr {
  readonly kind: 'UnaryExpr';
  readonly op: '+' | '-';
  readonly expr: Expr;
  readonly pos: PositionRange;
}

/** `(expr)`. */
export interface ParenExpr {
  readonly kind: 'ParenExpr';
  readonly expr: Expr;
  readonly pos: PositionRange;
}

/** Arithmetic on durations inside `[...]` or after `offset`: `[5m + 1m]`, `[step()]`, `[min_of(1m, range())]`. */
export interface DurationExpr {
  readonly kind: 'DurationExpr';
  /** `min`/`max` are written `min_of(lhs, rhs)`/`max_of(lhs, rhs)`. */
  readonly op: '+' | '-' | '*' | '/' | '%' | '^' | 'step' | 'range' | 'min' | 'max';
  /** Absent for `step()`, `range()` and unary minus (whose operand is `rhs`). */
  readonly lhs?: Expr;
  readonly rhs?: Expr;
  /** Written in parentheses, so it prints back in them. */
  readonly wrapped: boolean;
  readonly pos: PositionRange;
}

/** Any PromQL expression. */
export type Expr =
  | NumberLiteral | StringLiteral | VectorSelector | MatrixSelector | SubqueryExpr | Call
  | AggregateExpr | BinaryExpr | UnaryExpr | ParenExpr | DurationExpr;

/** The node kinds. */
export type ExprKind = Expr['kind'];

/** The direct sub-expressions of a node, in source order. */
export function childrenOf(e: Expr): Expr[] {
  switch (e.kind) {
    case 'NumberLiteral':
    case 'StringLiteral':
    case 'VectorSelector':
      return [];
    case 'MatrixSelector':
      return [e.selector];
    case 'SubqueryExpr':
    case 'ParenExpr':
    case 'UnaryExpr':
      return [e.expr];
    case 'Call':
      return [...e.args];
    case 'AggregateExpr':
      return e.param === undefined ? [e.expr] : [e.param, e.expr];
    case 'BinaryExpr':
      return [e.lhs, e.rhs];
    case 'DurationExpr':
      return [e.lhs, e.rhs].filter((x): x is Expr => x !== undefined);
  }
}

/** Calls `visit` on every node of the tree, parents before children. */
export function walkExpr(e: Expr, visit: (node: Expr) => void): void {
  visit(e);
  for (const child of childrenOf(e)) walkExpr(child, visit);
}
