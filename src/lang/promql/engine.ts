/**
 * The PromQL engine: runs instant and range queries against any Queryable, with the limits of
 * Prometheus's engine (lookback delta, maximum samples, timeout, cancellation).
 */
import { Labels } from '../../model/labels.js';
import type { Queryable } from '../../model/storage.js';
import type { Expr } from './ast.js';
import { valueTypeOf } from './checker.js';
import { Evaluator, type EvalValue } from './evaluator.js';
import { parseExpr } from './parser.js';
import { QueryError } from './queryError.js';
import { QueryGuard } from './queryGuard.js';
import type { MatrixSeries, QueryResult } from './queryResult.js';
import { selectAll, type StepRange } from './selection.js';

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
}

/** Prometheus's defaults. */
export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  lookbackDeltaMs: 5 * 60_000,
  maxSamples: 50_000_000,
  timeoutMs: 2 * 60_000,
};

// Prometheus's documented names for value types, used in its error messages.
const DOCUMENTED_TYPE = { scalar: 'scalar', vector: 'instant vector', matrix: 'range vector', string: 'string' } as const;

/** Evaluates PromQL queries. */
export class Engine {
  readonly options: EngineOptions;

  constructor(options: Partial<EngineOptions> = {}) {
    this.options = { ...DEFAULT_ENGINE_OPTIONS, ...options };
  }

  /** Evaluates a query at one time (ms). Parse errors are thrown as PromQLParseError. */
  async instantQuery(queryable: Queryable, expr: string | Expr, timeMs: number, signal?: AbortSignal): Promise<QueryResult> {
    const ast = typeof expr === 'string' ? parseExpr(expr) : expr;
    const { value, evaluator } = await this.evaluate(queryable, ast, { startMs: timeMs, endMs: timeMs, stepMs: 1 }, signal);
    const annotations = { warnings: evaluator.warnings, infos: evaluator.infos };
    switch (value.type) {
      case 'scalar':
        return { type: 'scalar', t: timeMs, v: value.values[0]!, ...annotations };
      case 'string':
        return { type: 'string', t: timeMs, v: value.value, ...annotations };
      case 'vector':
        return { type: 'vector', samples: value.series.map((s) => ({ labels: s.labels, t: timeMs, v: s.values[0]! })), ...annotations };
    }
  }

  /** Evaluates a query at `start`, `start + step`, … `end` (ms); the result is a matrix sorted by labels. */
  async rangeQuery(queryable: Queryable, expr: string | Expr, startMs: number, endMs: number, stepMs: number, signal?: AbortSignal): Promise<QueryResult> {
    const ast = typeof expr === 'string' ? parseExpr(expr) : expr;
    if (!(stepMs > 0)) throw new QueryError('bad_data', 'zero or negative query resolution step widths are not accepted. Try a positive integer');
    if (endMs < startMs) throw new QueryError('bad_data', 'end timestamp must not be before start time');
    const type = valueTypeOf(ast);
    if (type !== 'scalar' && type !== 'vector') {
      throw new QueryError('bad_data', `invalid expression type "${DOCUMENTED_TYPE[type]}" for range query, must be Scalar or instant Vector`);
    }
    const { value, evaluator } = await this.evaluate(queryable, ast, { startMs, endMs, stepMs }, signal);
    return { type: 'matrix', series: toMatrix(value, evaluator), warnings: evaluator.warnings, infos: evaluator.infos };
  }

  private async evaluate(queryable: Queryable, expr: Expr, range: StepRange, signal: AbortSignal | undefined): Promise<{ value: EvalValue; evaluator: Evaluator }> {
    const guard = new QueryGuard(this.options.timeoutMs, signal);
    const { lookbackDeltaMs: lookbackMs, maxSamples } = this.options;
    guard.enter('query preparation');
    const selected = await selectAll(queryable, expr, range, lookbackMs, guard);
    guard.enter('expression evaluation');
    guard.check();
    const evaluator = new Evaluator({ range, lookbackMs, maxSamples, selected, guard });
    return { value: evaluator.eval(expr), evaluator };
  }
}

// A range query's value as a matrix: a scalar becomes one label-less series.
function toMatrix(value: EvalValue, evaluator: Evaluator): MatrixSeries[] {
  if (value.type === 'scalar') {
    const timestamps = Array.from({ length: evaluator.stepCount }, (_, k) => evaluator.stepTime(k));
    return [{ labels: Labels.EMPTY, timestamps, values: Array.from(value.values) }];
  }
  if (value.type === 'string') throw new QueryError('bad_data', 'invalid expression type "string" for range query, must be Scalar or instant Vector');
  return value.series.filter((s) => s.timestamps.length > 0).sort((a, b) => Labels.compare(a.labels, b.labels));
}
