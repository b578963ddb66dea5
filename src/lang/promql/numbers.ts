/**
 * Number literals with Go's semantics, because PromQL inherits them: an integer parse with base
 * prefixes first (`0x1f`, `0o17`, `0b101`, and a leading `0` meaning octal: `0755` is 493),
 * then a float parse; and printing like `strconv.FormatFloat(v, 'f', -1, 64)`.
 */
import { goQuote } from './quoting.js';

const INT64_MAX = (1n << 63n) - 1n;

// Go's rule for `_` in literals with base 0: only between digits, or right after a base prefix.
function underscoresAllowed(text: string): boolean {
  const prefixed = /^0[xXoObB]/.test(text);
  const hex = /^0[xX]/.test(text);
  // What came last: a digit (a base prefix counts as one), an underscore, or anything else.
  let last: 'start' | 'digit' | 'underscore' | 'other' = prefixed ? 'digit' : 'start';
  for (const ch of prefixed ? text.slice(2) : text) {
    if (/[0-9]/.test(ch) || (hex && /[a-fA-F]/.test(ch))) {
      last = 'digit';
    } else if (ch === '_') {
      if (last !== 'digit') return false;
      last = 'underscore';
    } else {
      if (last === 'underscore') return false;
      last = 'other';
    }
  }
  return last !== 'underscore';
}

// strconv.ParseInt(text, 0, 64): undefined when it fails (syntax or range).
function parseGoInt(text: string): number | undefined {
  let base = 10;
  let digits = text;
  if (/^0[xX]/.test(text)) [base, digits] = [16, text.slice(2)];
  else if (/^0[oO]/.test(text)) [base, digits] = [8, text.slice(2)];
  else if (/^0[bB]/.test(text)) [base, digits] = [2, text.slice(2)];
  else if (text.length > 1 && text.startsWith('0')) [base, digits] = [8, text.slice(1)];
  if (digits.includes('_')) {
    if (!underscoresAllowed(text)) return undefined;
    digits = digits.replaceAll('_', '');
  }
  const valid = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ }[base as 2 | 8 | 10 | 16];
  if (!valid.test(digits)) return undefined;
  let value = 0n;
  for (const ch of digits) value = value * BigInt(base) + BigInt(parseInt(ch, 16));
  return value > INT64_MAX ? undefined : Number(value);
}

/** Parses a PromQL number token's text; throws `strconv.ParseFloat: parsing "x": ...` like Go. */
export function parseNumber(text: string): number {
  const asInt = parseGoInt(text);
  if (asInt !== undefined) return asInt;
  if (/^[+-]?(inf|infinity)$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(text)) return NaN;
  if (/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(text)) {
    const value = Number(text);
    if (Number.isFinite(value)) return value;
    throw new Error(`strconv.ParseFloat: parsing ${goQuote(text)}: value out of range`);
  }
  throw new Error(`strconv.ParseFloat: parsing ${goQuote(text)}: invalid syntax`);
}

/** Formats a float like Go's `strconv.FormatFloat(v, 'f', -1, 64)`: shortest digits, never an exponent. */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const shortest = String(Math.abs(v));
  const sign = v < 0 || Object.is(v, -0) ? '-' : '';
  const exp = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(shortest);
  if (!exp) return sign + shortest;
  // Expand JS's exponent form into plain digits, as Go's 'f' format does.
  const digits = exp[1]! + (exp[2] ?? '');
  const pointAt = 1 + Number(exp[3]);
  if (pointAt <= 0) return `${sign}0.${'0'.repeat(-pointAt)}${digits}`;
  if (pointAt >= digits.length) return sign + digits + '0'.repeat(pointAt - digits.length);
  return `${sign}${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
}
