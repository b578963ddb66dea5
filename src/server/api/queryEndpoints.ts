/** `/api/v1/query` and `/api/v1/query_range`, GET or form-encoded POST, as in Prometheus. */
import type { Request, Response, Router } from 'express';
import { Engine, QueryError, type QueryResult } from '../../lang/promql/engine.js';
import { parseExpr, PromQLParseError, type ParseOptions } from '../../lang/promql/parser.js';
import { formatExpr } from '../../lang/promql/printer.js';
import type { Queryable } from '../../model/storage.js';
import { ConcurrencyLimit } from '../concurrencyLimit.js';
import { ApiError, sendData, sendError } from './apiResponse.js';
import { param, parseDurationParam, parseTimeParam } from './params.js';
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
    res.on('close', () => controller.abort());
    try {
      const answer = await limit.run(() => evaluate(req, controller.signal));
      sendData(res, answer.data, answer.warnings, answer.infos);
    } catch (e) {
      sendError(res, toApiError(e));
    }
  };

  const timeoutOf = (req: Request): number => {
    const text = param(req, 'timeout');
    const requested = text === undefined ? options.defaultTimeoutMs : parseDurationParam('timeout', text);
    return Math.min(requested, options.defaultTimeoutMs);
  };
  // A missing query is an empty one: the parser reports it with Prometheus's message.
  const queryOf = (req: Request): string => param(req, 'query') ?? '';

  const instant = handle(async (req, signal) => {
    const query = queryOf(req);
    const timeText = param(req, 'time');
    const time = timeText === undefined || timeText === '' ? now() : parseTimeParam('time', timeText);
    const result = await options.engine.instantQuery(options.storage, query, time, withTimeout(signal, timeoutOf(req)));
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
    const result = await options.engine.rangeQuery(options.storage, query, start, end, step, withTimeout(signal, timeoutOf(req)));
    return answerOf(result, seriesLimitOf(req));
  });
  const format = handle(async (req) => ({ data: JSON.stringify(formatExpr(parseExpr(queryOf(req), options.parseOptions))) }));
  router.get('/api/v1/format_query', format);
  router.post('/api/v1/format_query', format);
  router.get('/api/v1/query', instant);
  router.post('/api/v1/query', instant);
  router.get('/api/v1/query_range', range);
  router.post('/api/v1/query_range', range);
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

function withTimeout(signal: AbortSignal, timeoutMs: number): AbortSignal {
  return AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
}

function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e instanceof PromQLParseError) return new ApiError('bad_data', `invalid parameter "query": ${e.message}`);
  if (e instanceof QueryError) return new ApiError(e.kind, e.message);
  return new ApiError('internal', (e as Error).message ?? String(e));
}
