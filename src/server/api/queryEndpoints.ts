/** `/api/v1/query` and `/api/v1/query_range`, GET or form-encoded POST, as in Prometheus. */
import type { Request, Response, Router } from 'express';
import { Engine, QueryError } from '../../lang/promql/engine.js';
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
  const handle = (evaluate: (req: Request, signal: AbortSignal) => Promise<string>) => async (req: Request, res: Response) => {
    const controller = new AbortController();
    res.on('close', () => controller.abort());
    try {
      sendData(res, await limit.run(() => evaluate(req, controller.signal)));
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
    return encodeQueryResult(result);
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
    return encodeQueryResult(result);
  });
  const format = handle(async (req) => JSON.stringify(formatExpr(parseExpr(queryOf(req), options.parseOptions))));
  router.get('/api/v1/format_query', format);
  router.post('/api/v1/format_query', format);
  router.get('/api/v1/query', instant);
  router.post('/api/v1/query', instant);
  router.get('/api/v1/query_range', range);
  router.post('/api/v1/query_range', range);
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
