/**
 * The PromQL function and aggregation tables of Prometheus 3: argument and return types, how
 * many arguments each accepts, and which are experimental (accepted only with the
 * `promql-experimental-functions` feature). The parser type-checks calls against this table and
 * the engine dispatches on the same names, so both agree on what exists.
 */
import type { AggregateOp, ValueType } from './ast.js';

/** One PromQL function's signature. */
export interface FunctionSignature {
  readonly name: string;
  /** Types of the arguments in order; with `variadic` ≠ 0 the last entry is optional and repeats. */
  readonly argTypes: readonly ValueType[];
  /**
   * Prometheus's `Variadic`: 0 means exactly `argTypes.length` arguments; n > 0 means the last
   * type may occur from 0 up to n times; -1 means any number of times.
   */
  readonly variadic: number;
  /** Fewest arguments accepted (derived from `argTypes` and `variadic`). */
  readonly minArgs: number;
  /** Most arguments accepted; `Infinity` for unbounded variadic functions. */
  readonly maxArgs: number;
  readonly returnType: ValueType;
  /** Rejected by the parser unless experimental functions are enabled. */
  readonly experimental: boolean;
}

const S: ValueType = 'scalar';
const V: ValueType = 'vector';
const M: ValueType = 'matrix';
const STR: ValueType = 'string';

function fn(name: string, argTypes: ValueType[], returnType: ValueType, variadic = 0, experimental = false): FunctionSignature {
  const fixed = variadic === 0 ? argTypes.length : argTypes.length - 1;
  const maxArgs = variadic === 0 ? argTypes.length : variadic < 0 ? Infinity : fixed + variadic;
  return { name, argTypes, variadic, minArgs: fixed, maxArgs, returnType, experimental };
}

const EXPERIMENTAL = true;

// One instant vector in, one out: the element-wise math functions.
const VECTOR_MATH = [
  'abs', 'absent', 'acos', 'acosh', 'asin', 'asinh', 'atan', 'atanh', 'ceil', 'cos', 'cosh', 'deg', 'exp', 'floor',
  'histogram_avg', 'histogram_count', 'histogram_stddev', 'histogram_stdvar', 'histogram_sum', 'ln', 'log10', 'log2',
  'rad', 'sgn', 'sin', 'sinh', 'sort', 'sort_desc', 'sqrt', 'tan', 'tanh', 'timestamp',
];

// One range vector in, an instant vector out.
const OVER_TIME = [
  'absent_over_time', 'avg_over_time', 'changes', 'count_over_time', 'delta', 'deriv', 'idelta', 'increase', 'irate',
  'last_over_time', 'max_over_time', 'min_over_time', 'present_over_time', 'rate', 'resets', 'stddev_over_time',
  'stdvar_over_time', 'sum_over_time',
];

const EXPERIMENTAL_OVER_TIME = [
  'first_over_time', 'mad_over_time', 'ts_of_first_over_time', 'ts_of_last_over_time', 'ts_of_max_over_time',
  'ts_of_min_over_time',
];

// Take the evaluation time when called without an argument, hence the optional vector.
const DATE_FUNCTIONS = ['day_of_month', 'day_of_week', 'day_of_year', 'days_in_month', 'hour', 'minute', 'month', 'year'];

// The query's own start, end, range and step as scalars (also usable inside durations).
const QUERY_CONTEXT = ['start', 'end', 'range', 'step'];

const ALL: FunctionSignature[] = [
  ...VECTOR_MATH.map((name) => fn(name, [V], V)),
  ...OVER_TIME.map((name) => fn(name, [M], V)),
  ...EXPERIMENTAL_OVER_TIME.map((name) => fn(name, [M], V, 0, EXPERIMENTAL)),
  ...DATE_FUNCTIONS.map((name) => fn(name, [V], V, 1)),
  ...QUERY_CONTEXT.map((name) => fn(name, [], S, 0, EXPERIMENTAL)),
  fn('clamp', [V, S, S], V),
  fn('clamp_max', [V, S], V),
  fn('clamp_min', [V, S], V),
  fn('double_exponential_smoothing', [M, S, S], V, 0, EXPERIMENTAL),
  fn('histogram_fraction', [S, S, V], V),
  fn('histogram_quantile', [S, V], V),
  // histogram_quantiles(v, "quantile_label", q1, q2, …) with at most ten quantiles.
  fn('histogram_quantiles', [V, STR, S, S], V, 9, EXPERIMENTAL),
  fn('info', [V, V], V, 1, EXPERIMENTAL),
  fn('label_join', [V, STR, STR, STR], V, -1),
  fn('label_replace', [V, STR, STR, STR, STR], V),
  fn('max_of', [S, S], S, 0, EXPERIMENTAL),
  fn('min_of', [S, S], S, 0, EXPERIMENTAL),
  fn('pi', [], S),
  fn('predict_linear', [M, S], V),
  fn('quantile_over_time', [S, M], V),
  fn('round', [V, S], V, 1),
  fn('scalar', [V], S),
  fn('sort_by_label', [V, STR], V, -1, EXPERIMENTAL),
  fn('sort_by_label_desc', [V, STR], V, -1, EXPERIMENTAL),
  fn('start_timestamp', [V], V, 0, EXPERIMENTAL),
  fn('time', [], S),
  fn('vector', [S], V),
];

/** Every PromQL function by name. */
export const FUNCTIONS: ReadonlyMap<string, FunctionSignature> = new Map(ALL.map((f) => [f.name, f]));

/** The signature of a function, or undefined when no function has that name. */
export function functionSignature(name: string): FunctionSignature | undefined {
  return FUNCTIONS.get(name);
}

/** The expected type of argument `index` (the last declared type repeats for variadic functions). */
export function argTypeAt(sig: FunctionSignature, index: number): ValueType | undefined {
  if (index < sig.argTypes.length) return sig.argTypes[index];
  return sig.variadic === 0 ? undefined : sig.argTypes[sig.argTypes.length - 1];
}

/** One aggregation operator's signature. */
export interface AggregationSignature {
  readonly op: AggregateOp;
  /** The type of the leading parameter (`topk(3, x)`), absent for operators without one. */
  readonly paramType?: 'scalar' | 'string';
  /** Rejected by the parser unless experimental functions are enabled. */
  readonly experimental: boolean;
}

/** Every aggregation operator. */
export const AGGREGATIONS: ReadonlyMap<AggregateOp, AggregationSignature> = new Map<AggregateOp, AggregationSignature>([
  ['sum', { op: 'sum', experimental: false }],
  ['avg', { op: 'avg', experimental: false }],
  ['count', { op: 'count', experimental: false }],
  ['min', { op: 'min', experimental: false }],
  ['max', { op: 'max', experimental: false }],
  ['group', { op: 'group', experimental: false }],
  ['stddev', { op: 'stddev', experimental: false }],
  ['stdvar', { op: 'stdvar', experimental: false }],
  ['topk', { op: 'topk', paramType: 'scalar', experimental: false }],
  ['bottomk', { op: 'bottomk', paramType: 'scalar', experimental: false }],
  ['quantile', { op: 'quantile', paramType: 'scalar', experimental: false }],
  ['count_values', { op: 'count_values', paramType: 'string', experimental: false }],
  ['limitk', { op: 'limitk', paramType: 'scalar', experimental: true }],
  ['limit_ratio', { op: 'limit_ratio', paramType: 'scalar', experimental: true }],
]);

/** The signature of an aggregation operator. */
export function aggregationSignature(op: AggregateOp): AggregationSignature {
  return AGGREGATIONS.get(op)!;
}
