/**
 * `/api/v1/query`, `/api/v1/query_range` and the endpoints that only parse a query (format_query,
 * parse_query, query_exemplars), GET or form-encoded POST, as in Prometheus.
 */
import type { ServerResponse } from 'node:http';
import type { Router } from 'express';
import { walkExpr, type Expr } from '../../lang/promql/ast.js';
import { Engine, QueryError, type QueryResult } from '../../lang/promql/engine.js';
import { parseExpr, PromQLParseError, type ParseOptions } from '../../lang/promql/parser.js';
import { formatExpr } from '../../lang/promql/printer.js';
import type { Queryable } from '../../model/storage.js';
import { ConcurrencyLimit } from '../concurrencyLimit.js';
import { ApiError, sendData, sendError, sendNoContent } from './apiResponse.js';
import { paramReaderOf, parseDurationParam, parseTimeParam, type ParamReader } from './params.js';
import { syntaxTreeJson } from './parseQueryJson.js';
import { connectionSignalOf, withTimeout } from './querySignal.js';
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

/** Answers one API request from its parameters, writing the whole response. */
export type ApiHandler = (read: ParamReader, res: ServerResponse) => Promise<void> | void;

/** The handlers behind the query endpoints; express and the hot path (hotQueryRoutes.ts) serve the same ones. */
export interface QueryHandlers {
  readonly instant: ApiHandler;
  readonly range: ApiHandler;
  readonly format: ApiHandler;
  readonly parse: ApiHandler;
  readonly exemplars: ApiHandler;
}

const MAX_POINTS_PER_SERIES = 11_000;

/** The query handlers over one engine and storage, sharing one concurrency limit. */
export function createQueryHandlers(options: QueryEndpointsOptions): QueryHandlers {
  const limit = new ConcurrencyLimit(options.maxConcurrency);
  const now = options.now ?? Date.now;
  // One async step per query: a free slot is taken without waiting, and the engine's promise is the only one awaited.
  const handle = (run: (read: ParamReader, signal: AbortSignal) => Promise<QueryResult>): ApiHandler => async (read, res) => {
    const slot = limit.acquire();
    try {
      if (slot !== undefined) await slot;
      const answer = answerOf(await run(read, connectionSignalOf(res)), seriesLimitOf(read));
      sendData(res, answer.data, answer.warnings, answer.infos);
    } catch (e) {
      sendError(res, toApiError(e));
    } finally {
      limit.release();
    }
  };
  // Parsing needs no query slot.
  const handleParsed = (answer: (read: ParamReader) => string | undefined): ApiHandler => (read, res) => {
    try {
      const data = answer(read);
      if (data === undefined) sendNoContent(res);
      else sendData(res, data);
    } catch (e) {
      sendError(res, toApiError(e));
    }
  };

  /** Runs a query under the request's signal, with the `timeout` parameter when it is shorter than the engine's own limit. */
  const underTimeout = (read: ParamReader, signal: AbortSignal, query: (signal: AbortSignal) => Promise<QueryResult>): Promise<QueryResult> => {
    const text = read('timeout');
    const requested = text === undefined ? options.defaultTimeoutMs : parseDurationParam('timeout', text);
    const timeoutMs = Math.min(requested, options.defaultTimeoutMs);
    return timeoutMs < options.engine.options.timeoutMs ? withTimeout(signal, timeoutMs, query) : query(signal);
  };
  // A missing query is an empty one: the parser reports it with Prometheus's message.
  const queryOf = (read: ParamReader): string => read('query') ?? '';
  const parsedQueryOf = (read: ParamReader): Expr => parseExpr(queryOf(read), options.parseOptions);

  const instant = handle((read, signal) => {
    const query = queryOf(read);
    const time = optionalTimeOf(read, 'time', now());
    return underTimeout(read, signal, (s) => options.engine.instantQuery(options.storage, query, time, s));
  });
  const range = handle((read, signal) => {
    const query = queryOf(read);
    const start = parseTimeParam('start', read('start') ?? '', true);
    const end = parseTimeParam('end', read('end') ?? '', true);
    if (end < start) throw new ApiError('bad_data', 'invalid parameter "end": end timestamp must not be before start time');
    const stepText = read('step') ?? '';
    const step = parseDurationParam('step', stepText);
    if (step <= 0) throw new ApiError('bad_data', 'invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer');
    if ((end - start) / step > MAX_POINTS_PER_SERIES) {
      throw new ApiError('bad_data', 'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
    }
    return underTimeout(read, signal, (s) => options.engine.rangeQuery(options.storage, query, start, end, step, s));
  });
  const format = handleParsed((read) => JSON.stringify(formatExpr(parsedQueryOf(read))));
  const parse = handleParsed((read) => JSON.stringify(syntaxTreeJson(parsedQueryOf(read))));
  const exemplars = handleParsed((read) => {
    const start = optionalTimeOf(read, 'start', -Infinity);
    const end = optionalTimeOf(read, 'end', Infinity);
    if (end < start) throw new ApiError('bad_data', 'end timestamp must not be before start timestamp');
    let expr: Expr;
    try {
      expr = parsedQueryOf(read);
    } catch (e) {
      // Unlike the other endpoints, Prometheus does not name the parameter here.
      if (e instanceof PromQLParseError) throw new ApiError('bad_data', e.message);
      throw e;
    }
    // There is no exemplar storage, so every selector matches none; Prometheus answers a query
    // without selectors with no content at all.
    return hasSelector(expr) ? '[]' : undefined;
  });
  return { instant, range, format, parse, exemplars };
}

/** Registers the query endpoints on a router, with handlers of their own. */
export function registerQueryEndpoints(router: Router, options: QueryEndpointsOptions): void {
  registerQueryHandlers(router, createQueryHandlers(options));
}

/** Registers given query handlers on a router (GET and form-encoded POST). */
export function registerQueryHandlers(router: Router, handlers: QueryHandlers): void {
  const routes: ReadonlyArray<readonly [string, ApiHandler]> = [
    ['/api/v1/format_query', handlers.format],
    ['/api/v1/parse_query', handlers.parse],
    ['/api/v1/query_exemplars', handlers.exemplars],
    ['/api/v1/query', handlers.instant],
    ['/api/v1/query_range', handlers.range],
  ];
  for (const method of ['get', 'post'] as const) {
    for (const [path, handler] of routes) router[method](path, (req, res) => handler(paramReaderOf(req), res));
  }
}

/** A time parameter that may be absent or empty, when it takes its default. */
function optionalTimeOf(read: ParamReader, name: string, defaultMs: number): number {
  const text = read(name);
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
function seriesLimitOf(read: ParamReader): number {
  const text = read('limit');
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
