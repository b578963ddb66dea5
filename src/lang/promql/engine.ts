/**
 * The PromQL engine: runs instant and range queries against any Queryable, with the limits of
 * Prometheus's engine (lookback delta, maximum samples, timeout, cancellation). A query is
 * prepared (durations and `@ start()/end()` resolved), its data selected up front, evaluated
 * over all steps at once, and finally the metric names marked for removal are dropped
 * (Prometheus's delayed name removal).
 */
import { Labels } from '../../model/labels.js';
import type { Queryable } from '../../model/storage.js';
import { Annotations } from './annotations.js';
import type { Expr } from './ast.js';
import { valueTypeOf } from './checker.js';
import { resolveDurations } from './durationResolution.js';
import { Evaluator } from './evaluator.js';
import { parseExpr, type ParseOptions } from './parser.js';
import { SampleBudget, type QueryContext } from './queryContext.js';
import { QueryError } from './queryError.js';
import { QueryGuard } from './queryGuard.js';
import type { MatrixSeries, QueryResult, VectorSample } from './queryResult.js';
import { dropMarkedNames } from './nameRemoval.js';
import { selectAll } from './selection.js';
import { pointCount, type EvalValue, type RangeSeries, type StepSeries } from './values.js';

export { QueryError, type QueryErrorKind } from './queryError.js';
export type { MatrixSeries, QueryResult, VectorSample } from './queryResult.js';

/** Engine limits, named after Prometheus's flags. */
export interface EngineOptions {
  /** How far back an instant selector looks for a sample (`--query.lookback-delta`, default 5m). */
  readonly lookbackDeltaMs: number;
  /** Most samples a query may hold (`--query.max-samples`, default 50,000,000). */
  readonly maxSamples: number;
  /** Longest a query may run (`--query.timeout`, default 2m). */
  readonly timeoutMs: number;
  /** Resolution of subqueries written without a step (`x[1h:]`): the global evaluation interval, default 1m. */
  readonly defaultSubqueryStepMs: number;
  /** Opt-in syntax (experimental functions, fill modifiers, …) for queries given as text. */
  readonly parseOptions: ParseOptions;
  /**
   * `--enable-feature=promql-delayed-name-removal`: functions and operators only mark the
   * metric name for removal, and it is dropped when the query ends, so that e.g.
   * `label_replace` can still read it. Off by default, as in Prometheus.
   */
  readonly delayedNameRemoval: boolean;
}

/** Prometheus's defaults. */
export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  lookbackDeltaMs: 5 * 60_000,
  maxSamples: 50_000_000,
  timeoutMs: 2 * 60_000,
  defaultSubqueryStepMs: 60_000,
  parseOptions: {},
  delayedNameRemoval: false,
};

// Prometheus's documented names for value types, used in its error messages.
const DOCUMENTED_TYPE = { scalar: 'scalar', vector: 'instant vector', matrix: 'range vector', string: 'string' } as const;

interface Evaluated {
  readonly value: EvalValue;
  readonly annotations: Annotations;
  readonly evaluator: Evaluator;
}

/** How many parsed query texts the engine keeps: dashboards repeat the same queries. */
const PARSE_CACHE_SIZE = 512;

/** Evaluates PromQL queries. */
export class Engine {
  readonly options: EngineOptions;
  /**
   * Parsed ASTs by query text, oldest first (ASTs are never mutated, so they can be shared). A hit
   * only marks its entry used, and eviction gives used entries a second chance (the CLOCK
   * approximation of least-recently-used): moving an entry to the end on every hit, as an exact
   * LRU does, cost a cheap query more than looking its text up.
   */
  private readonly parsed = new Map<string, { readonly ast: Expr; used: boolean }>();

  constructor(options: Partial<EngineOptions> = {}) {
    this.options = { ...DEFAULT_ENGINE_OPTIONS, ...options };
  }

  /** Parses a query text, from the cache when it was seen recently. Parse errors are thrown, never cached. */
  private parse(text: string): Expr {
    const cached = this.parsed.get(text);
    if (cached !== undefined) {
      cached.used = true;
      return cached.ast;
    }
    const ast = parseExpr(text, this.options.parseOptions);
    if (this.parsed.size >= PARSE_CACHE_SIZE) this.evictOne();
    this.parsed.set(text, { ast, used: false });
    return ast;
  }

  // Drops the oldest entry not used since it was last passed over; used ones move to the end, unmarked.
  private evictOne(): void {
    for (const [text, entry] of this.parsed) {
      this.parsed.delete(text);
      if (!entry.used) return;
      entry.used = false;
      this.parsed.set(text, entry);
    }
  }

  /** Evaluates a query at one time (ms). Parse errors are thrown as PromQLParseError. */
  async instantQuery(queryable: Queryable, expr: string | Expr, timeMs: number, signal?: AbortSignal): Promise<QueryResult> {
    const ast = typeof expr === 'string' ? this.parse(expr) : expr;
    const text = typeof expr === 'string' ? expr : undefined;
    const { value, annotations } = await this.evaluate(queryable, ast, text, { startMs: timeMs, endMs: timeMs, stepMs: 0 }, signal);
    // Written out rather than spread from one object: the spread showed in a cheap query's profile.
    const { warnings, infos } = annotations;
    switch (value.type) {
      case 'scalar':
        return { type: 'scalar', t: timeMs, v: value.values[0]!, warnings, infos };
      case 'string':
        return { type: 'string', t: timeMs, v: value.value, warnings, infos };
      case 'vector':
        return { type: 'vector', samples: instantSamples(value.series, timeMs), warnings, infos };
      case 'matrix':
        return { type: 'matrix', series: matrixOf(value.series), warnings, infos };
    }
  }

  /** Evaluates a query at `start`, `start + step`, … `end` (ms); the result is a matrix sorted by labels. */
  async rangeQuery(queryable: Queryable, expr: string | Expr, startMs: number, endMs: number, stepMs: number, signal?: AbortSignal): Promise<QueryResult> {
    const ast = typeof expr === 'string' ? this.parse(expr) : expr;
    const text = typeof expr === 'string' ? expr : undefined;
    if (!(stepMs > 0)) throw new QueryError('bad_data', 'zero or negative query resolution step widths are not accepted. Try a positive integer');
    if (endMs < startMs) throw new QueryError('bad_data', 'end timestamp must not be before start time');
    const type = valueTypeOf(ast);
    if (type !== 'scalar' && type !== 'vector') {
      throw new QueryError('bad_data', `invalid expression type "${DOCUMENTED_TYPE[type]}" for range query, must be Scalar or instant Vector`);
    }
    const { value, annotations, evaluator } = await this.evaluate(queryable, ast, text, { startMs, endMs, stepMs }, signal);
    return { type: 'matrix', series: rangeMatrix(value, evaluator), warnings: annotations.warnings, infos: annotations.infos };
  }

  private async evaluate(
    queryable: Queryable,
    parsed: Expr,
    text: string | undefined,
    times: { startMs: number; endMs: number; stepMs: number },
    signal: AbortSignal | undefined,
  ): Promise<Evaluated> {
    const guard = new QueryGuard(this.options.timeoutMs, signal);
    const { lookbackDeltaMs: lookbackMs, maxSamples, defaultSubqueryStepMs } = this.options;
    guard.enter('query preparation');
    const expr = resolveDurations(parsed, times);
    // An instant query is a range query with a single step (of any width).
    const range = { startMs: times.startMs, endMs: times.endMs, stepMs: times.stepMs || 1 };
    const selected = await selectAll(queryable, expr, range, lookbackMs, guard);
    guard.enter('expression evaluation');
    guard.check();
    const annotations = new Annotations(text);
    // Built property by property: spreading `times` here made V8 create this object on a slow path.
    const query: QueryContext = {
      startMs: times.startMs,
      endMs: times.endMs,
      stepMs: times.stepMs,
      isRangeQuery: times.stepMs > 0,
      delayedNameRemoval: this.options.delayedNameRemoval,
      lookbackMs,
      defaultSubqueryStepMs,
      selected,
      guard,
      annotations,
      samples: new SampleBudget(maxSamples),
    };
    const count = Math.floor((range.endMs - range.startMs) / range.stepMs) + 1;
    const evaluator = new Evaluator(query, { startMs: range.startMs, stepMs: range.stepMs, count });
    const value = evaluator.eval(expr);
    return { value: dropMarkedNames(value), annotations, evaluator };
  }
}

function instantSamples(series: readonly StepSeries[], t: number): VectorSample[] {
  const samples: VectorSample[] = [];
  for (const s of series) if (s.present[0] === 1) samples.push({ labels: s.labels, t, v: s.values[0]! });
  return samples;
}

function matrixOf(series: readonly RangeSeries[]): MatrixSeries[] {
  return series
    // The typed arrays are handed out as they are: copying them into plain arrays cost a wide query as much as reading it.
    .map((s) => ({ labels: s.labels, timestamps: s.timestamps, values: s.values }))
    .sort((a, b) => Labels.compare(a.labels, b.labels));
}

// A range query's value as a matrix sorted by labels: a scalar becomes one label-less series.
function rangeMatrix(value: EvalValue, evaluator: Evaluator): MatrixSeries[] {
  if (value.type === 'scalar') {
    const timestamps = Array.from({ length: evaluator.stepCount }, (_, k) => evaluator.stepTime(k));
    return [{ labels: Labels.EMPTY, timestamps, values: Array.from(value.values) }];
  }
  if (value.type !== 'vector') throw new QueryError('bad_data', `invalid expression type "${value.type}" for range query, must be Scalar or instant Vector`);
  // All points go into two shared arrays; each series gets views of its part.
  const count = evaluator.stepCount;
  const startMs = evaluator.stepTime(0);
  const stepMs = evaluator.steps.stepMs;
  let total = 0;
  for (const s of value.series) total += pointCount(s);
  const allTimestamps = new Float64Array(total);
  const allValues = new Float64Array(total);
  const out: MatrixSeries[] = [];
  let j = 0;
  for (const s of value.series) {
    const from = j;
    const present = s.present;
    const values = s.values;
    for (let k = 0; k < count; k++) {
      if (present[k] === 0) continue;
      allTimestamps[j] = startMs + k * stepMs;
      allValues[j++] = values[k]!;
    }
    if (j > from) out.push({ labels: s.labels, timestamps: allTimestamps.subarray(from, j), values: allValues.subarray(from, j) });
  }
  return out.sort((a, b) => Labels.compare(a.labels, b.labels));
}
