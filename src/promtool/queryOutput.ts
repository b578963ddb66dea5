/**
 * The two output formats of `promtool query` (`-o promql`, the default, and `-o json`), as
 * promtool prints client_golang's model values: `fmt.Println(value)` with prometheus/common's
 * String forms (`up{job="x"} => 1 @[1700000000.5]`, matrices sorted by labels, `scalar: …`),
 * or `json.NewEncoder(os.Stdout).Encode(value)` (sorted keys, HTML-safe escaping).
 */
import { formatGoFloat } from '../lang/template/index.js';
import { quoteGoString } from '../model/goString.js';

/** A label set as the API returns it. */
export type Metric = Readonly<Record<string, string>>;

/** A sample pair: the time in ms, and the value. */
export interface Point {
  readonly t: number;
  readonly v: number;
}

/** A query result as client_golang decodes it. */
export type QueryValue =
  | { readonly type: 'vector'; readonly samples: ReadonlyArray<{ readonly metric: Metric; readonly point: Point }> }
  | { readonly type: 'matrix'; readonly series: ReadonlyArray<{ readonly metric: Metric; readonly points: readonly Point[] }> }
  | { readonly type: 'scalar'; readonly point: Point };

/** A result the client cannot decode (client_golang's `unexpected value type`). */
export class ResultDecodeError extends Error {}

function decodePoint(raw: unknown): Point {
  if (!Array.isArray(raw) || raw.length !== 2) throw new ResultDecodeError('unexpected sample pair');
  return { t: Math.round(Number(raw[0]) * 1000), v: parseGoFloat(String(raw[1])) };
}

// Go's ParseFloat accepts Inf/NaN spellings that Number does not.
function parseGoFloat(text: string): number {
  const lower = text.toLowerCase().replace(/^\+/, '');
  if (lower === 'inf' || lower === 'infinity') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  if (lower === 'nan') return NaN;
  return Number(text);
}

/** Decodes `data` of a query response. */
export function decodeQueryValue(data: unknown): QueryValue {
  const { resultType, result } = (data ?? {}) as { resultType?: string; result?: unknown };
  switch (resultType) {
    case 'vector':
      return { type: 'vector', samples: ((result as Array<{ metric?: Metric; value: unknown }>) ?? []).map((s) => ({ metric: s.metric ?? {}, point: decodePoint(s.value) })) };
    case 'matrix':
      return { type: 'matrix', series: ((result as Array<{ metric?: Metric; values?: unknown[] }>) ?? []).map((s) => ({ metric: s.metric ?? {}, points: (s.values ?? []).map(decodePoint) })) };
    case 'scalar':
      return { type: 'scalar', point: decodePoint(result) };
    default:
      throw new ResultDecodeError(`unexpected value type ${JSON.stringify(resultType ?? '')}`);
  }
}

/** model.Metric's String(): `name{a="1", b="2"}`, `{a="1"}`, `name`, or `{}`. */
function metricText(metric: Metric): string {
  const name = metric['__name__'];
  const labels = Object.keys(metric)
    .filter((k) => k !== '__name__')
    .map((k) => `${k}=${quoteGoString(metric[k]!)}`)
    .sort();
  if (labels.length === 0) return name ?? '{}';
  return `${name ?? ''}{${labels.join(', ')}}`;
}

/** model.LabelSet's String(): `{a="1", b="2"}` with every label, sorted. */
function labelSetText(labels: Metric): string {
  return `{${Object.keys(labels).sort().map((k) => `${k}=${quoteGoString(labels[k]!)}`).join(', ')}}`;
}

const timeText = (ms: number): string => formatGoFloat(ms / 1000, 'f', -1);
const valueText = (v: number): string => formatGoFloat(v, 'f', -1);
const pointText = (p: Point): string => `${valueText(p.v)} @[${timeText(p.t)}]`;

/** model.LabelSet.Before: compares values over the union of sorted label names, a missing label first. */
function metricBefore(a: Metric, b: Metric): boolean {
  const names = [...Object.keys(a), ...Object.keys(b)].sort();
  for (const name of names) {
    const x = a[name];
    const y = b[name];
    if (x === undefined) return true;
    if (y === undefined) return false;
    if (x < y) return true;
    if (x > y) return false;
  }
  return false;
}

// The JSON of Go's encoder: object keys sorted, and <, >, &, U+2028, U+2029 escaped.
function goJson(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) : v));
  return text.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// A sample pair in JSON: the time as an unquoted number in seconds, the value as a string.
const pointJson = (p: Point): string => `[${timeText(p.t)},${goJson(valueText(p.v))}]`;

/** The `promql` format of a query result (without the final newline Println adds). */
export function queryValueText(value: QueryValue): string {
  switch (value.type) {
    case 'vector':
      return value.samples.map((s) => `${metricText(s.metric)} => ${pointText(s.point)}`).join('\n');
    case 'matrix':
      return [...value.series]
        .sort((a, b) => (metricBefore(a.metric, b.metric) ? -1 : metricBefore(b.metric, a.metric) ? 1 : 0))
        .map((s) => `${metricText(s.metric)} =>\n${s.points.map(pointText).join('\n')}`)
        .join('\n');
    case 'scalar':
      return `scalar: ${valueText(value.point.v)} @[${timeText(value.point.t)}]`;
  }
}

/** The `json` format of a query result (without the final newline the encoder adds). */
export function queryValueJson(value: QueryValue): string {
  switch (value.type) {
    case 'vector':
      return `[${value.samples.map((s) => `{"metric":${goJson(s.metric)},"value":${pointJson(s.point)}}`).join(',')}]`;
    case 'matrix':
      return `[${value.series.map((s) => `{"metric":${goJson(s.metric)},"values":[${s.points.map(pointJson).join(',')}]}`).join(',')}]`;
    case 'scalar':
      return pointJson(value.point);
  }
}

/** An output format: how values, series and label values are printed. */
export interface QueryPrinter {
  value(value: QueryValue): string;
  series(series: readonly Metric[]): string;
  labelValues(values: readonly string[]): string;
}

/** `-o promql`: one line per series or value. */
export const PROMQL_PRINTER: QueryPrinter = {
  value: (v) => queryValueText(v) + '\n',
  series: (series) => series.map((s) => labelSetText(s) + '\n').join(''),
  labelValues: (values) => values.map((v) => v + '\n').join(''),
};

/** `-o json`: one JSON document. */
export const JSON_PRINTER: QueryPrinter = {
  value: (v) => queryValueJson(v) + '\n',
  series: (series) => goJson(series) + '\n',
  labelValues: (values) => goJson(values) + '\n',
};
