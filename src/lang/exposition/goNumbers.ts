/**
 * Number parsing with the semantics Prometheus's text parser gets from Go: strconv.ParseFloat for
 * values (minus hex floats and digit separators, which Prometheus rejects) and strconv.ParseInt
 * for timestamps. JavaScript's Number() accepts a different language ("0b1", " 1 ", "", "Infinity"
 * only in one case), so the grammar is checked here and Number() only converts what passed.
 */
import { goQuote } from './parseError.js';

/** 10^0 … 10^22: every one is exact in a double, which makes the fast path below exact too. */
const POW10: readonly number[] = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * Converts a plain decimal (`-?digits[.digits][e[+-]digits]`, at most 15 significant digits,
 * decimal exponent within ±22) straight from the body without slicing it. Such values are exact
 * doubles scaled by an exact power of ten, so one IEEE multiply or divide rounds correctly, giving
 * the same double as Go. Returns NaN (never a valid result here) for anything else.
 */
export function fastDecimal(body: string, start: number, end: number): number {
  let i = start;
  let c = body.charCodeAt(i);
  const negative = c === 0x2d;
  if (negative) c = body.charCodeAt(++i);
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let sawDot = false;
  for (; i < end; c = body.charCodeAt(++i)) {
    const d = c - 0x30;
    if (d >= 0 && d <= 9) {
      mantissa = mantissa * 10 + d;
      digits++;
      if (sawDot) scale--;
    } else if (c === 0x2e && !sawDot) sawDot = true;
    else break;
  }
  if (digits === 0 || digits > 15) return NaN;
  if (i < end) {
    if (c !== 0x65 && c !== 0x45) return NaN;
    c = body.charCodeAt(++i);
    const expNegative = c === 0x2d;
    if (expNegative || c === 0x2b) c = body.charCodeAt(++i);
    let exp = 0;
    let expDigits = 0;
    for (; i < end && expDigits < 4; c = body.charCodeAt(++i), expDigits++) {
      const d = c - 0x30;
      if (d < 0 || d > 9) return NaN;
      exp = exp * 10 + d;
    }
    if (expDigits === 0 || i < end) return NaN;
    scale += expNegative ? -exp : exp;
  }
  if (scale < -22 || scale > 22) return NaN;
  const v = scale < 0 ? mantissa / POW10[-scale]! : mantissa * POW10[scale]!;
  return negative ? -v : v;
}

/** Thrown by the slow paths; the parser adds the line number and context. */
export class NumberSyntaxError extends Error {}

function isInfinityWord(lower: string): boolean {
  return lower === 'inf' || lower === 'infinity';
}

/**
 * Go's strconv.ParseFloat(s, 64) as Prometheus applies it: `NaN`, `Inf`, `+Inf`, `-Infinity` in
 * any letter case (but not `+NaN`), decimal and exponent forms; no hex floats, no `_`; values that
 * overflow a double are an error, not ±Inf.
 */
export function parseGoFloat(s: string): number {
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === 0x70 || c === 0x50 || c === 0x5f) throw new NumberSyntaxError('unsupported character in float');
  }
  const first = s.charCodeAt(0);
  const signed = first === 0x2b || first === 0x2d;
  const lower = s.toLowerCase();
  if (isInfinityWord(signed ? lower.slice(1) : lower)) return first === 0x2d ? -Infinity : Infinity;
  if (lower === 'nan') return NaN;

  let i = signed ? 1 : 0;
  let digits = 0;
  let sawDot = false;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) digits++;
    else if (c === 0x2e && !sawDot) sawDot = true;
    else break;
  }
  let valid = digits > 0;
  if (valid && i < s.length) {
    const e = s.charCodeAt(i);
    valid = e === 0x65 || e === 0x45;
    i++;
    if (s.charCodeAt(i) === 0x2b || s.charCodeAt(i) === 0x2d) i++;
    const expStart = i;
    while (i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
    valid = valid && i > expStart && i === s.length;
  }
  if (!valid) throw new NumberSyntaxError(`strconv.ParseFloat: parsing ${goQuote(s)}: invalid syntax`);
  const v = Number(s);
  if (v === Infinity || v === -Infinity) {
    throw new NumberSyntaxError(`strconv.ParseFloat: parsing ${goQuote(s)}: value out of range`);
  }
  return v;
}

const INT64_MAX = '9223372036854775807';

/**
 * Go's strconv.ParseInt(s, 10, 64) for a string of ASCII digits (the lexer guarantees that):
 * values past int64 are an error. Values past 2^53 lose precision, which is harmless for
 * millisecond timestamps (2^53 ms is 285 000 years).
 */
export function parseGoInt64Digits(s: string): number {
  let first = 0;
  while (first < s.length - 1 && s.charCodeAt(first) === 0x30) first++;
  const significant = s.length - first;
  if (significant > 19 || (significant === 19 && s.slice(first) > INT64_MAX)) {
    throw new NumberSyntaxError(`strconv.ParseInt: parsing ${goQuote(s)}: value out of range`);
  }
  return Number(s);
}

const TWO_POW_63 = 9223372036854775808;

/**
 * Go's int64(f) as amd64 computes it (where Prometheus runs): truncation toward zero, and the
 * minimum int64 for NaN or anything outside the int64 range. Used for OpenMetrics timestamps,
 * which Prometheus converts with int64(seconds * 1000).
 */
export function goFloatToInt64(f: number): number {
  if (!(f >= -TWO_POW_63 && f < TWO_POW_63)) return -TWO_POW_63;
  return Math.trunc(f) + 0; // + 0 turns -0 into 0
}
