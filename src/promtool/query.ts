/**
 * `promtool query instant|range|series|labels`: runs a query against a Prometheus-compatible
 * server's HTTP API and prints the result like promtool (see queryOutput.ts), with promtool's
 * time defaults (now; a range of the last 5 minutes at about 250 steps; series and label
 * queries over now ± 9999 h) and error texts (`query error: bad_data: …`, exit 1).
 */
import { EXIT_FAILURE, EXIT_SUCCESS, eprintln, type PromtoolIO } from './io.js';
import { ApiError, connectApi, type PrometheusApi } from './queryClient.js';
import { decodeQueryValue, JSON_PRINTER, PROMQL_PRINTER, type Metric, type QueryPrinter } from './queryOutput.js';
import { formatApiTime, parsePromtoolTime, TimeParseError } from './queryTime.js';

/** What every query command shares. */
export interface QuerySettings {
  readonly server: string;
  /** `-o`: promql or json. */
  readonly format: string;
  readonly httpConfigFile: string;
  /** Milliseconds since the epoch; injectable for tests. */
  readonly now?: () => number;
}

/** A query command's own arguments. */
export type QueryRequest =
  | { readonly kind: 'instant'; readonly expr: string; readonly time: string }
  | { readonly kind: 'range'; readonly expr: string; readonly start: string; readonly end: string; readonly stepMs: number; readonly headers: Readonly<Record<string, string>> }
  | { readonly kind: 'series'; readonly matchers: readonly string[]; readonly start: string; readonly end: string }
  | { readonly kind: 'labels'; readonly name: string; readonly matchers: readonly string[]; readonly start: string; readonly end: string };

/** A failure already phrased for the user. */
class QueryCommandError extends Error {}

const WIDE_RANGE_MS = 9999 * 3_600_000;

function timeFlag(text: string, what: string): number {
  try {
    return parsePromtoolTime(text);
  } catch (e) {
    if (e instanceof TimeParseError) throw new QueryCommandError(`error parsing ${what}: ${e.message}`);
    throw e;
  }
}

/** The time range of series and label queries: now ± 9999 h unless given. */
function wideRange(start: string, end: string, nowMs: number): [number, number] {
  return [start === '' ? nowMs - WIDE_RANGE_MS : timeFlag(start, 'start time'), end === '' ? nowMs + WIDE_RANGE_MS : timeFlag(end, 'end time')];
}

async function runRequest(api: PrometheusApi, request: QueryRequest, printer: QueryPrinter, nowMs: number, io: PromtoolIO): Promise<void> {
  switch (request.kind) {
    case 'instant': {
      const t = request.time === '' ? nowMs : timeFlag(request.time, 'evaluation time');
      const { data } = await api.postWithGetFallback('query', [['query', request.expr], ['time', formatApiTime(t)]]);
      io.out(printer.value(decodeQueryValue(data)));
      return;
    }
    case 'range': {
      const end = request.end === '' ? nowMs : timeFlag(request.end, 'end time');
      const start = request.start === '' ? end - 5 * 60_000 : timeFlag(request.start, 'start time');
      if (!(start < end)) throw new QueryCommandError('start time is not before end time');
      // About 250 points by default, in whole seconds.
      const stepMs = request.stepMs !== 0 ? request.stepMs : Math.max(Math.floor((end - start) / 1000 / 250), 1) * 1000;
      const params: Array<[string, string]> = [['query', request.expr], ['start', formatApiTime(start)], ['end', formatApiTime(end)], ['step', String(stepMs / 1000)]];
      const { data } = await api.postWithGetFallback('query_range', params);
      io.out(printer.value(decodeQueryValue(data)));
      return;
    }
    case 'series': {
      const [start, end] = wideRange(request.start, request.end, nowMs);
      const params: Array<[string, string]> = [...request.matchers.map((m): [string, string] => ['match[]', m]), ['start', formatApiTime(start)], ['end', formatApiTime(end)]];
      const { data } = await api.postWithGetFallback('series', params);
      io.out(printer.series((data as Metric[] | null) ?? []));
      return;
    }
    case 'labels': {
      const [start, end] = wideRange(request.start, request.end, nowMs);
      const params: Array<[string, string]> = [...request.matchers.map((m): [string, string] => ['match[]', m]), ['start', formatApiTime(start)], ['end', formatApiTime(end)]];
      const { data, warnings } = await api.get(`label/${encodeURIComponent(request.name)}/values`, params);
      for (const warning of warnings) eprintln(io, 'query warning:', warning);
      io.out(printer.labelValues((data as string[] | null) ?? []));
      return;
    }
  }
}

/** Runs one `promtool query …` command; returns the exit code. */
export async function queryCommand(settings: QuerySettings, request: QueryRequest, io: PromtoolIO): Promise<number> {
  if (settings.format !== 'promql' && settings.format !== 'json') {
    eprintln(io, `promtool: error: enum value must be one of promql,json, got '${settings.format}', try --help`);
    return EXIT_FAILURE;
  }
  if (request.kind === 'series' && request.matchers.length === 0) {
    eprintln(io, 'promtool: error: required flag --match not provided, try --help');
    return EXIT_FAILURE;
  }
  let api: PrometheusApi;
  try {
    api = await connectApi(settings.server, settings.httpConfigFile, request.kind === 'range' ? request.headers : {});
  } catch (e) {
    eprintln(io, 'error creating API client:', (e as Error).message);
    return EXIT_FAILURE;
  }
  try {
    await runRequest(api, request, settings.format === 'json' ? JSON_PRINTER : PROMQL_PRINTER, (settings.now ?? Date.now)(), io);
    return EXIT_SUCCESS;
  } catch (e) {
    if (e instanceof QueryCommandError) eprintln(io, e.message);
    else if (e instanceof ApiError && e.detail !== '') eprintln(io, `query error: ${e.message} (detail: ${e.detail.trim()})`);
    else eprintln(io, 'query error:', (e as Error).message);
    return EXIT_FAILURE;
  } finally {
    await api.close();
  }
}
