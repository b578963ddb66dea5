/**
 * JSON encoding of query results exactly as Prometheus's API writes them: sample values as
 * strings (`"NaN"`, `"+Inf"`, exponent form like Go's strconv), timestamps as seconds with the
 * milliseconds written out (`1435781451.781`, `1.500`).
 */
import type { Labels } from '../../model/labels.js';

/** A sample value the way Prometheus formats it (Go's 'f' or 'e' shortest float, by magnitude). */
export function formatSampleValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    // JS and Go agree on the digits; Go writes at least two exponent digits.
    const [mantissa, exponent] = v.toExponential().split('e') as [string, string];
    const sign = exponent[0] === '-' ? '-' : '+';
    const digits = exponent.replace(/^[+-]/, '');
    return `${mantissa}e${sign}${digits.length < 2 ? `0${digits}` : digits}`;
  }
  if (Object.is(v, -0)) return '-0';
  return v.toString();
}

/** A millisecond timestamp as Prometheus's JSON number of seconds. */
export function formatTimestamp(ms: number): string {
  const negative = ms < 0;
  const abs = Math.abs(Math.trunc(ms));
  const seconds = Math.floor(abs / 1000);
  const fraction = abs % 1000;
  const text = fraction === 0 ? `${seconds}` : `${seconds}.${String(fraction).padStart(3, '0')}`;
  return negative ? `-${text}` : text;
}

// What JSON.stringify escapes in a string: quote, backslash, control characters, and surrogates
// when unpaired (any surrogate sends a string the slow way).
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A string as JSON.stringify writes it; label text rarely needs escapes, and quoting it as it is costs half as much. */
function quoteJson(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : `"${text}"`;
}

/** A label set as a JSON object, in label order. */
export function encodeLabels(labels: Labels): string {
  let out = '{';
  for (let i = 0; i < labels.size; i++) {
    if (i > 0) out += ',';
    out += quoteJson(labels.names[i]!) + ':' + quoteJson(labels.values[i]!);
  }
  return out + '}';
}

/** One `[t, "v"]` pair. */
export function encodePoint(t: number, v: number): string {
  return `[${formatTimestamp(t)},"${formatSampleValue(v)}"]`;
}

/** A number in Go's `strconv.FormatFloat(v, 'f', -1, 64)` form: shortest digits, never an exponent. */
export function formatFixedFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (Object.is(v, -0)) return '-0';
  const text = String(Math.abs(v));
  const sign = v < 0 ? '-' : '';
  const e = text.indexOf('e');
  if (e < 0) return sign + text;
  // JS chose exponent form (|v| < 1e-6 or ≥ 1e21): move the point by hand, keeping its digits.
  const mantissa = text.slice(0, e);
  const point = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  const pointAt = (point < 0 ? mantissa.length : point) + Number(text.slice(e + 1));
  if (pointAt <= 0) return `${sign}0.${'0'.repeat(-pointAt)}${digits}`;
  if (pointAt >= digits.length) return sign + digits + '0'.repeat(pointAt - digits.length);
  return `${sign}${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
}
