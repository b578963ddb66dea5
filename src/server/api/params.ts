/** Parsing of API parameters (times, durations) with Prometheus's rules and error texts. */
import type { Request } from 'express';
import { parseDuration } from '../../model/duration.js';
import { ApiError } from './apiResponse.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

// Express parses the query string again on every read of `req.query`; an endpoint reads several parameters.
const parsedQueries = new WeakMap<Request, Record<string, unknown>>();

function queryOf(req: Request): Record<string, unknown> {
  let query = parsedQueries.get(req);
  if (query === undefined) {
    query = req.query as Record<string, unknown>;
    parsedQueries.set(req, query);
  }
  return query;
}

/** Reads one parameter of a request, wherever the request came in (express or the hot path). */
export type ParamReader = (name: string) => string | undefined;

/** A parameter from parsed query-string and form-body values (the body wins, as r.FormValue). */
export function formValue(query: Readonly<Record<string, unknown>>, body: unknown, name: string): string | undefined {
  const value = ((body ?? {}) as Record<string, unknown>)[name] ?? query[name];
  if (Array.isArray(value)) return value.length > 0 ? String(value[0]) : undefined;
  return value === undefined ? undefined : String(value);
}

/** A parameter from the query string or a form-encoded body of an express request. */
export function param(req: Request, name: string): string | undefined {
  return formValue(queryOf(req), req.body, name);
}

/** The parameters of an express request, as the API handlers read them. */
export function paramReaderOf(req: Request): ParamReader {
  return (name) => param(req, name);
}

/** Every value of a repeated parameter (`match[]`), from the query string and a form body. */
export function params(req: Request, name: string): string[] {
  const values: string[] = [];
  for (const source of [queryOf(req)[name], ((req.body ?? {}) as Record<string, unknown>)[name]]) {
    if (Array.isArray(source)) values.push(...source.map(String));
    else if (source !== undefined) values.push(String(source));
  }
  return values;
}

/**
 * Unix seconds with a fraction, or RFC 3339, to milliseconds; `invalid parameter` otherwise.
 * Prometheus words the error two ways: query_range's start/end use its plain time parser, the
 * other endpoints a helper that adds "Invalid time value for '<name>'"; `plain` picks the first.
 */
export function parseTimeParam(name: string, text: string, plain = false): number {
  const seconds = Number(text);
  if (text.trim() !== '' && Number.isFinite(seconds)) {
    // Go rounds the fraction to milliseconds separately from the whole seconds.
    const whole = Math.trunc(seconds);
    return whole * 1000 + Math.round((seconds - whole) * 1000);
  }
  if (RFC3339.test(text)) {
    const ms = Date.parse(text);
    if (!Number.isNaN(ms)) return ms;
  }
  const detail = `cannot parse ${JSON.stringify(text)} to a valid timestamp`;
  throw new ApiError('bad_data', `invalid parameter ${JSON.stringify(name)}: ${plain ? detail : `Invalid time value for '${name}': ${detail}`}`);
}

/** Float seconds or a Prometheus duration, to milliseconds. */
export function parseDurationParam(name: string, text: string): number {
  const seconds = Number(text);
  if (text.trim() !== '' && Number.isFinite(seconds)) {
    const ms = Math.round(seconds * 1000);
    if (ms > Number.MAX_SAFE_INTEGER) throw new ApiError('bad_data', `invalid parameter ${JSON.stringify(name)}: cannot parse ${JSON.stringify(text)} to a valid duration. It overflows int64`);
    return ms;
  }
  try {
    return parseDuration(text);
  } catch {
    throw new ApiError('bad_data', `invalid parameter ${JSON.stringify(name)}: cannot parse ${JSON.stringify(text)} to a valid duration`);
  }
}
