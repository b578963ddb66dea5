/**
 * `/api/v1/query`, `/api/v1/query_range` and the endpoints that only parse a query (format_query,
 * parse_query, query_exemplars), GET or form-encoded POST, as in Prometheus.
 */
import type { Request, Response, Router } from 'express';
import { walkExpr, type Expr } from '../../lang/promql/ast.js';
import { Engine, QueryError, type QueryResult } from '../../lang/promql/engine.js';
import { parseExpr, PromQLParseError, type ParseOptions } from '../../lang/promql/parser.js';
import { formatExpr } from '../../lang/promql/printer.js';
import type { Queryable } from '../../model/storage.js';
import { ConcurrencyLimit } from '../concurrencyLimit.js';
import { ApiError, sendData, sendError, sendNoContent } from './apiResponse.js';
import { param, parseDurationParam, parseTimeParam } from './params.js';
import { syntaxTreeJson } from './parseQueryJson.js';
import { encodeQueryResult } from './queryResultJson.js';

export interface QueryEndpointsOptions {
  readonly engine: Engine;
  readonly storage: Queryable;
  readonly defaultTimeoutMs: number;
  readonly maxConcurrency: number;
  /** The opt-in syntax enabled by --enable-feature (for format_query). */
  readonly parseOptions?: ParseOptions;
  readonly now?: () => number;
}

const MAX_POINTS_PER_SERIES = 11_000;

/** Registers the query endpoints on a router. */
export function registerQueryEndpoints(router: Router, options: QueryEndpointsOptions): void {
  const limit = new ConcurrencyLimit(options.maxConcurrency);
  const now = options.now ?? Date.now;
  const handle = (evaluate: (req: Request, signal: AbortSignal) => Promise<Answer>) => async (req: Request, res: Response) => {
    const controller = new AbortController();
    // `close` follows every response; only a client gone before the answer cancels its query.
    res.once('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    try {
      const answer = await limit.run(() => evaluate(req, controller.signal));
      sendData(res, answer.data, answer.warnings, answer.infos);
    } catch (e) {
      sendError(res, toApiError(e));
    }
  };
  // Parsing needs no query slot.
  const handleParsed = (answer: (req: Request) => string | undefined) => (req: Request, res: Response) => {
    try {
      const data = answer(req);
      if (data === undefined) sendNoContent(res);
      else sendData(res, data);
    } catch (e) {
      sendError(res, toApiError(e));
    }
  };

  /** The request's abort signal, with the `timeout` parameter when it is shorter than the engine's own limit. */
  const signalOf = (req: Request, signal: AbortSignal): AbortSignal => {
    const text = param(req, 'timeout');
    const requested = text === undefined ? options.defaultTimeoutMs : parseDurationParam('timeout', text);
    const timeoutMs = Math.min(requested, options.defaultTimeoutMs);
    return timeoutMs < options.engine.options.timeoutMs ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : signal;
  };
  // A missing query is an empty one: the parser reports it with Prometheus's message.
  const queryOf = (req: Request): string => param(req, 'query') ?? '';
  const parsedQueryOf = (req: Request): Expr => parseExpr(queryOf(req), options.parseOptions);

  const instant = handle(async (req, signal) => {
    const query = queryOf(req);
    const time = optionalTimeOf(req, 'time', now());
    const result = await options.engine.instantQuery(options.storage, query, time, signalOf(req, signal));
    return answerOf(result, seriesLimitOf(req));
  });
  const range = handle(async (req, signal) => {
    const query = queryOf(req);
    const start = parseTimeParam('start', param(req, 'start') ?? '', true);
    const end = parseTimeParam('end', param(req, 'end') ?? '', true);
    if (end < start) throw new ApiError('bad_data', 'invalid parameter "end": end timestamp must not be before start time');
    const stepText = param(req, 'step') ?? '';
    const step = parseDurationParam('step', stepText);
    if (step <= 0) throw new ApiError('bad_data', 'invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer');
    if ((end - start) / step > MAX_POINTS_PER_SERIES) {
      throw new ApiError('bad_data', 'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
    }
    const result = await options.engine.rangeQuery(options.storage, query, start, end, step, signalOf(req, signal));
    return answerOf(result, seriesLimitOf(req));
  });
  const format = handleParsed((req) => JSON.stringify(formatExpr(parsedQueryOf(req))));
  const parse = handleParsed((req) => JSON.stringify(syntaxTreeJson(parsedQueryOf(req))));
  const exemplars = handleParsed((req) => {
    const start = optionalTimeOf(req, 'start', -Infinity);
    const end = optionalTimeOf(req, 'end', Infinity);
    if (end < start) throw new ApiError('bad_data', 'end timestamp must not be before start timestamp');
    let expr: Expr;
    try {
      expr = parsedQueryOf(req);
    } catch (e) {
      // Unlike the other endpoints, Prometheus does not name the parameter here.
      if (e instanceof PromQLParseError) throw new ApiError('bad_data', e.message);
      throw e;
    }
    // There is no exemplar storage, so every selector matches none; Prometheus answers a query
    // without selectors with no content at all.
    return hasSelector(expr) ? '[]' : undefined;
  });
  for (const method of ['get', 'post'] as const) {
    router[method]('/api/v1/format_query', format);
    router[method]('/api/v1/parse_query', parse);
    router[method]('/api/v1/query_exemplars', exemplars);
    router[method]('/api/v1/query', instant);
    router[method]('/api/v1/query_range', range);
  }
}

/** A time parameter that may be absent or empty, when it takes its default. */
function optionalTimeOf(req: Request, name: string, defaultMs: number): number {
  const text = param(req, name);
  return text === undefined || text === '' ? defaultMs : parseTimeParam(name, text);
}

function hasSelector(expr: Expr): boolean {
  let found = false;
  walkExpr(expr, (node) => {
    if (node.kind === 'VectorSelector') found = true;
  });
  return found;
}

/** An encoded result with the annotations Prometheus returns beside it. */
interface Answer {
  readonly data: string;
  readonly warnings?: readonly string[];
  readonly infos?: readonly string[];
}

/** The `limit` parameter: at most this many series (0, the default, means all). */
function seriesLimitOf(req: Request): number {
  const text = param(req, 'limit');
  if (text === undefined || text === '') return 0;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new ApiError('bad_data', 'invalid parameter "limit": limit must be non-negative');
  return n;
}

/** Encodes a result, cutting vectors and matrices to `limit` series with Prometheus's warning. */
function answerOf(result: QueryResult, limit: number): Answer {
  const warnings = [...result.warnings];
  let limited = result;
  if (limit > 0 && result.type === 'vector' && result.samples.length > limit) {
    limited = { ...result, samples: result.samples.slice(0, limit) };
    warnings.push('results truncated due to limit');
  } else if (limit > 0 && result.type === 'matrix' && result.series.length > limit) {
    limited = { ...result, series: result.series.slice(0, limit) };
    warnings.push('results truncated due to limit');
  }
  return { data: encodeQueryResult(limited), warnings, infos: result.infos };
}

function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof PromQLParseError) return new ApiError('bad_data', `invalid parameter "query": ${e.message}`);
  if (e instanceof QueryError) return new ApiError(e.kind, e.message);
  return new ApiError('internal', (e as Error).message ?? String(e));
}
