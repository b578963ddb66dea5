/**
 * Go's strconv float formatting and parsing. Alert text is compared by people and by tests
 * against Prometheus's output, so `%.4g`, `%e` and `%f` must round exactly as Go does: on the
 * exact binary value, with ties (which only exact values can have) going to the even digit.
 * JavaScript's toFixed/toPrecision round ties away from zero, so digits are computed here with
 * BigInt from the float's bits.
 */
import { quoteGoString } from '../../model/goString.js';

/** A decimal: value = 0.DIGITS × 10^dp, digits without trailing zeros ('' for zero). */
interface Decimal {
  digits: string;
  dp: number;
}

const bits = new DataView(new ArrayBuffer(8));

/** The exact decimal expansion of a finite, non-negative double. */
function exactDecimal(x: number): Decimal {
  if (x === 0) return { digits: '', dp: 0 };
  bits.setFloat64(0, x);
  const hi = bits.getUint32(0);
  const lo = bits.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (biased === 0) {
    exp = -1074;
  } else {
    mantissa |= 1n << 52n;
    exp = biased - 1075;
  }
  let digits: string;
  let dp: number;
  if (exp >= 0) {
    digits = (mantissa << BigInt(exp)).toString();
    dp = digits.length;
  } else {
    // m / 2^k = m·5^k / 10^k
    digits = (mantissa * 5n ** BigInt(-exp)).toString();
    dp = digits.length + exp;
  }
  return trim({ digits, dp });
}

function trim(d: Decimal): Decimal {
  let end = d.digits.length;
  while (end > 0 && d.digits[end - 1] === '0') end--;
  return end === 0 ? { digits: '', dp: 0 } : { digits: d.digits.slice(0, end), dp: d.dp };
}

/** The shortest digits that read back as x (what Go uses for precision -1). */
function shortestDecimal(x: number): Decimal {
  if (x === 0) return { digits: '', dp: 0 };
  const [mant, e] = x.toExponential().split('e') as [string, string];
  return trim({ digits: mant.replace('.', ''), dp: Number(e) + 1 });
}

/** Rounds to `nd` significant digits, ties to even (exact input), as Go's decimal.Round. */
function roundDecimal(d: Decimal, nd: number): Decimal {
  if (nd < 0 || nd >= d.digits.length) return d;
  const next = d.digits.charCodeAt(nd) - 48;
  let up: boolean;
  if (next === 5 && nd + 1 === d.digits.length) up = nd > 0 && (d.digits.charCodeAt(nd - 1) - 48) % 2 === 1;
  else up = next >= 5;
  if (!up) return trim({ digits: d.digits.slice(0, nd), dp: d.dp });
  let i = nd - 1;
  while (i >= 0 && d.digits[i] === '9') i--;
  if (i < 0) return { digits: '1', dp: d.dp + 1 };
  return trim({ digits: d.digits.slice(0, i) + String.fromCharCode(d.digits.charCodeAt(i) + 1), dp: d.dp });
}

function formatE(d: Decimal, prec: number, letter: string): string {
  let out = d.digits.length > 0 ? d.digits[0]! : '0';
  if (prec > 0) out += '.' + d.digits.slice(1, prec + 1).padEnd(prec, '0');
  let exp = d.digits.length === 0 ? 0 : d.dp - 1;
  const sign = exp < 0 ? '-' : '+';
  exp = Math.abs(exp);
  return out + letter + sign + (exp < 10 ? '0' + exp : String(exp));
}

function formatF(d: Decimal, prec: number): string {
  let out = d.dp > 0 ? d.digits.slice(0, d.dp).padEnd(d.dp, '0') : '0';
  if (prec > 0) {
    out += '.';
    for (let i = 1; i <= prec; i++) {
      const j = d.dp + i - 1;
      out += j >= 0 && j < d.digits.length ? d.digits[j] : '0';
    }
  }
  return out;
}

/** The verbs strconv.FormatFloat knows that we support. */
export type FloatFormat = 'e' | 'E' | 'f' | 'g' | 'G';

/** Go's strconv.FormatFloat(x, fmt, prec, 64); prec -1 means the shortest exact representation. */
export function formatGoFloat(x: number, fmt: FloatFormat, prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  const body = formatUnsigned(Math.abs(x), fmt, prec);
  return neg ? '-' + body : body;
}

function formatUnsigned(x: number, fmt: FloatFormat, precIn: number): string {
  const shortest = precIn < 0;
  let prec = precIn;
  let d: Decimal;
  if (shortest) {
    d = shortestDecimal(x);
    if (fmt === 'e' || fmt === 'E') prec = Math.max(d.digits.length - 1, 0);
    else if (fmt === 'f') prec = Math.max(d.digits.length - d.dp, 0);
    else prec = d.digits.length;
  } else if (fmt === 'f') {
    const exact = exactDecimal(x);
    d = roundDecimal(exact, exact.dp + prec);
  } else {
    if ((fmt === 'g' || fmt === 'G') && prec === 0) prec = 1;
    d = roundDecimal(exactDecimal(x), fmt === 'e' || fmt === 'E' ? prec + 1 : prec);
  }
  if (fmt === 'e' || fmt === 'E') return formatE(d, prec, fmt);
  if (fmt === 'f') return formatF(d, prec);
  let eprec = prec;
  if (eprec > d.digits.length && d.digits.length >= d.dp) eprec = d.digits.length;
  // Go decides between %e and %f for the shortest form as if the precision were 6.
  if (shortest) eprec = 6;
  const exp = d.dp - 1;
  if (exp < -4 || exp >= eprec) {
    if (prec > d.digits.length) prec = d.digits.length;
    return formatE(d, prec - 1, fmt === 'g' ? 'e' : 'E');
  }
  if (prec > d.dp) prec = d.digits.length;
  return formatF(d, Math.max(prec - d.dp, 0));
}

/** strconv.ParseFloat failed; the message is Go's (`strconv.ParseFloat: parsing "x": invalid syntax`). */
export class GoNumberError extends Error {}

const DECIMAL_FLOAT = /^[+-]?(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?$/;
const HEX_FLOAT = /^([+-]?)0[xX]_?((?:[0-9a-fA-F](?:_?[0-9a-fA-F])*)?)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)$/;
const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;

/** Go's strconv.ParseFloat(s, 64). */
export function parseGoFloat(s: string): number {
  const fail = (why: string): never => {
    throw new GoNumberError(`strconv.ParseFloat: parsing ${quoteGoString(s)}: ${why}`);
  };
  const special = SPECIAL.exec(s);
  if (special) {
    if (special[2]!.toLowerCase() === 'nan') return special[1] === '' ? NaN : fail('invalid syntax');
    return special[1] === '-' ? -Infinity : Infinity;
  }
  let v: number;
  if (DECIMAL_FLOAT.test(s)) {
    v = Number(s.replace(/_/g, ''));
  } else {
    const hex = HEX_FLOAT.exec(s);
    if (!hex || (hex[2] === '' && (hex[3] ?? '') === '')) return fail('invalid syntax');
    const intPart = hex[2]!.replace(/_/g, '');
    const frac = hex[3] ?? '';
    const mant = parseInt(intPart + frac || '0', 16);
    v = mant * 2 ** (Number(hex[4]) - 4 * frac.length);
    if (hex[1] === '-') v = -v;
  }
  if (!Number.isFinite(v)) fail('value out of range');
  return v;
}

