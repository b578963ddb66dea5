/**
 * Literal constants in templates, read as Go reads them: strconv.Unquote for `"…"`, `` `…` ``
 * and `'…'`, and the int/uint/float readings of a number that text/template's NumberNode keeps
 * (a literal `1` is an int, `1.0` a float64 — which decides what `eq $value 1` does).
 */
import { goStringFromBytes, quoteGoString } from '../../model/goString.js';
import { GoNumberError, parseGoFloat } from './goFloat.js';
import type { NumberNode } from './nodes.js';

/** A literal Go refuses; the message is Go's. */
export class LiteralError extends Error {}

const SIMPLE: Readonly<Record<string, number>> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 0x5c };

/** Go's strconv.Unquote; throws LiteralError("invalid syntax"). */
export function goUnquote(quoted: string): string {
  const q = quoted[0];
  const fail = (): never => {
    throw new LiteralError('invalid syntax');
  };
  if (quoted.length < 2 || quoted[quoted.length - 1] !== q) fail();
  const body = quoted.slice(1, -1);
  if (q === '`') {
    if (body.includes('`')) fail();
    return body.replace(/\r/g, '');
  }
  if (q !== '"' && q !== "'") fail();
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  let runes = 0;
  for (let i = 0; i < body.length; ) {
    const ch = String.fromCodePoint(body.codePointAt(i)!);
    i += ch.length;
    runes++;
    if (ch === q || ch === '\n') fail();
    if (ch !== '\\') {
      bytes.push(...encoder.encode(ch));
      continue;
    }
    const e = body[i++];
    if (e === undefined) return fail();
    if (SIMPLE[e] !== undefined) bytes.push(SIMPLE[e]!);
    else if (e === q) bytes.push(q.charCodeAt(0));
    else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = body.slice(i, i + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) fail();
      i += n;
      const v = parseInt(hex, 16);
      if (e === 'x') {
        // \x escapes are bytes; in a rune literal they are the rune value itself.
        if (q === "'") bytes.push(...encoder.encode(String.fromCodePoint(v)));
        else bytes.push(v);
      } else {
        if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) fail();
        bytes.push(...encoder.encode(String.fromCodePoint(v)));
      }
    } else if (e >= '0' && e <= '7') {
      const oct = body.slice(i - 1, i + 2);
      if (!/^[0-7]{3}$/.test(oct)) fail();
      i += 2;
      const v = parseInt(oct, 8);
      if (v > 255) fail();
      if (q === "'") bytes.push(...encoder.encode(String.fromCodePoint(v)));
      else bytes.push(v);
    } else fail();
  }
  if (q === "'" && runes !== 1) fail();
  return goStringFromBytes(Uint8Array.from(bytes));
}

/** Go's strconv.ParseInt(text, 0, 64) (`unsigned`: ParseUint); undefined when it fails. */
function parseGoInt(text: string, unsigned: boolean): bigint | undefined {
  let s = text;
  let neg = false;
  if (!unsigned && (s[0] === '+' || s[0] === '-')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  let digits = s;
  let pattern = /^[0-9]+$/;
  let prefix = '';
  if (/^0[xX]/.test(s)) [prefix, digits, pattern] = ['0x', s.slice(2), /^[0-9a-fA-F]+$/];
  else if (/^0[oO]/.test(s)) [prefix, digits, pattern] = ['0o', s.slice(2), /^[0-7]+$/];
  else if (/^0[bB]/.test(s)) [prefix, digits, pattern] = ['0b', s.slice(2), /^[01]+$/];
  else if (s.length > 1 && s[0] === '0') [prefix, digits, pattern] = ['0o', s.slice(1), /^[0-7_]+$/];
  if (digits.includes('_')) {
    // Underscores only between digits (or right after a base prefix).
    if (!/^_?[^_]+(_[^_]+)*$/.test(digits) || (digits[0] === '_' && prefix === '')) return undefined;
    digits = digits.replace(/_/g, '');
  }
  if (!pattern.test(digits)) return undefined;
  let v = BigInt(prefix === '' ? digits : prefix + digits);
  if (neg) v = -v;
  if (unsigned ? v > 0xffffffffffffffffn : v > 0x7fffffffffffffffn || v < -0x8000000000000000n) return undefined;
  return v;
}

/** Builds a NumberNode from a `number`, `charConstant` or `complex` token, or throws Go's message. */
export function numberNode(pos: number, text: string, type: 'number' | 'charConstant' | 'complex'): NumberNode {
  const base = { kind: 'number' as const, pos, text, isComplex: false };
  if (type === 'charConstant') {
    let ch: string;
    try {
      ch = goUnquote(text);
    } catch (e) {
      // One valid character followed by more is Go's "malformed" case; anything else is a bad escape.
      if (/^'(?:[^\\']|\\.)[^']/u.test(text)) throw new LiteralError(`malformed character constant: ${text}`);
      throw e;
    }
    const cp = BigInt(ch.codePointAt(0)!);
    return { ...base, isInt: true, int: cp, isUint: true, isFloat: true, float: Number(cp) };
  }
  if (type === 'complex' || text.endsWith('i')) {
    return { ...base, isComplex: true, isInt: false, int: 0n, isUint: false, isFloat: false, float: 0 };
  }
  const u = parseGoInt(text, true);
  const i = parseGoInt(text, false);
  if (i !== undefined) return { ...base, isInt: true, int: i, isUint: u !== undefined || i === 0n, isFloat: true, float: Number(i) };
  if (u !== undefined) return { ...base, isInt: false, int: 0n, isUint: true, isFloat: true, float: Number(u) };
  let f: number;
  try {
    f = parseGoFloat(text);
  } catch (e) {
    if (e instanceof GoNumberError) throw new LiteralError(`illegal number syntax: ${quoteGoString(text)}`);
    throw e;
  }
  // Something that looks like an integer but did not fit one.
  if (!/[.eEpP]/.test(text)) throw new LiteralError(`integer overflow: ${quoteGoString(text)}`);
  const integral = Number.isInteger(f) && Math.abs(f) < 2 ** 63;
  return { ...base, isInt: integral, int: integral ? BigInt(f) : 0n, isUint: integral && f >= 0, isFloat: true, float: f };
}
