/** `/api/v1/series`, `/api/v1/labels` and `/api/v1/label/<name>/values`, GET or form-encoded POST. */
import type { Request, Response, Router } from 'express';
import { Labels, isValidLabelName } from '../../model/labels.js';
import type { Matcher } from '../../model/matcher.js';
import type { Queryable } from '../../model/storage.js';
import { ApiError, sendData, sendError } from './apiResponse.js';
import { encodeLabels } from './jsonEncoding.js';
import { param, params, parseTimeParam } from './params.js';
import { parseSelectorParam } from './selectorParam.js';

// Absent start/end mean the whole time range, as in Prometheus.
const MIN_TIME = Number.MIN_SAFE_INTEGER;
const MAX_TIME = Number.MAX_SAFE_INTEGER;

/** Registers the endpoints on a router. */
export function registerSeriesEndpoints(router: Router, storage: Queryable): void {
  const handle = (produce: (req: Request) => Promise<{ data: string; warnings?: string[] }>) => async (req: Request, res: Response) => {
    try {
      const { data, warnings } = await produce(req);
      sendData(res, data, warnings);
    } catch (e) {
      sendError(res, e instanceof ApiError ? e : new ApiError('internal', (e as Error).message));
    }
  };
  const labels = handle(async (req) => {
    const { mint, maxt } = timeRange(req);
    const selectors = matchParams(req);
    const names = new Set<string>();
    for (const matchers of selectors.length > 0 ? selectors : [[]]) for (const n of await storage.labelNames(mint, maxt, matchers)) names.add(n);
    return limited([...names].sort(), req);
  });
  const labelValues = handle(async (req) => {
    const name = decodeLabelNameParam(String(req.params.name));
    const { mint, maxt } = timeRange(req);
    const selectors = matchParams(req);
    const values = new Set<string>();
    for (const matchers of selectors.length > 0 ? selectors : [[]]) for (const v of await storage.labelValues(name, mint, maxt, matchers)) values.add(v);
    return limited([...values].sort(), req);
  });
  const series = handle(async (req) => {
    const selectors = matchParams(req);
    if (selectors.length === 0) throw new ApiError('bad_data', 'no match[] parameter provided');
    const { mint, maxt } = timeRange(req);
    const byKey = new Map<string, Labels>();
    for (const matchers of selectors) for (const s of await storage.select(matchers, mint, maxt)) byKey.set(s.labels.key, s.labels);
    const sorted = [...byKey.values()].sort(Labels.compare);
    const limit = limitOf(req);
    const shown = limit > 0 ? sorted.slice(0, limit) : sorted;
    return { data: `[${shown.map(encodeLabels).join(',')}]`, warnings: limit > 0 && sorted.length > limit ? ['results truncated due to limit'] : undefined };
  });
  for (const method of ['get', 'post'] as const) {
    router[method]('/api/v1/labels', labels);
    router[method]('/api/v1/series', series);
  }
  router.get('/api/v1/label/:name/values', labelValues);
}

function timeRange(req: Request): { mint: number; maxt: number } {
  const start = param(req, 'start');
  const end = param(req, 'end');
  const mint = start === undefined || start === '' ? MIN_TIME : parseTimeParam('start', start);
  const maxt = end === undefined || end === '' ? MAX_TIME : parseTimeParam('end', end);
  if (maxt < mint) throw new ApiError('bad_data', 'invalid parameter "end": end timestamp must not be before start time');
  return { mint, maxt };
}

function matchParams(req: Request): Matcher[][] {
  return params(req, 'match[]').map((text) => parseSelectorParam('match[]', text));
}

function limitOf(req: Request): number {
  const text = param(req, 'limit');
  if (text === undefined || text === '') return 0;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new ApiError('bad_data', 'invalid parameter "limit": limit must be non-negative');
  return n;
}

function limited(values: string[], req: Request): { data: string; warnings?: string[] } {
  const limit = limitOf(req);
  if (limit > 0 && values.length > limit) return { data: JSON.stringify(values.slice(0, limit)), warnings: ['results truncated due to limit'] };
  return { data: JSON.stringify(values) };
}

/**
 * A label name from the URL path. Prometheus 3 lets clients escape names that are not legacy
 * identifiers as `U__` followed by `_`-separated hex code points (`U__my_2e_label` is `my.label`).
 */
export function decodeLabelNameParam(raw: string): string {
  let name = raw;
  if (raw.startsWith('U__')) {
    name = raw.slice(3).replace(/_([0-9a-fA-F]+)_|__/g, (m, hex: string | undefined) => (hex === undefined ? '_' : String.fromCodePoint(parseInt(hex, 16))));
  }
  if (!isValidLabelName(name)) throw new ApiError('bad_data', `invalid label name: ${JSON.stringify(raw)}`);
  return name;
}
