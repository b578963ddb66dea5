/**
 * Go's fmt package as templates reach it: `print`, `println`, `printf` and the printing of an
 * action's value. Verbs, flags, width, precision, argument indexes and the `%!d(string=x)` error
 * forms follow fmt, because users copy format strings from Go-based alerting setups and expect
 * the same text.
 */
import { quoteGoString } from '../../model/goString.js';
import { formatGoFloat, type FloatFormat } from './goFloat.js';
import { GoMap, GoOpaque, GoSlice, GoStruct, goTypeOf, type GoValue } from './values.js';

interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width: number | undefined;
  prec: number | undefined;
  /** `%+v`: struct field names. */
  plusV: boolean;
}

const noFlags = (): Flags => ({ plus: false, minus: false, sharp: false, space: false, zero: false, width: undefined, prec: undefined, plusV: false });

/** fmt.Sprint: operands printed with %v, a space between two operands when neither is a string. */
export function goSprint(args: readonly GoValue[]): string {
  let out = '';
  args.forEach((arg, i) => {
    if (i > 0 && typeof arg !== 'string' && typeof args[i - 1] !== 'string') out += ' ';
    out += formatArg(arg, 'v', noFlags());
  });
  return out;
}

/** fmt.Sprintln: operands printed with %v, always space-separated, with a final newline. */
export function goSprintln(args: readonly GoValue[]): string {
  return args.map((a) => formatArg(a, 'v', noFlags())).join(' ') + '\n';
}

/** fmt.Sprintf. */
export function goSprintf(format: string, args: readonly GoValue[]): string {
  let out = '';
  let argNum = 0;
  let reordered = false;
  let i = 0;
  const end = format.length;
  // Parses `[n]` at i: the 0-based argument it names, or undefined when malformed.
  const argIndex = (): { ok: boolean; found: boolean } => {
    if (format[i] !== '[') return { ok: true, found: false };
    reordered = true;
    const close = format.indexOf(']', i);
    const digits = close < 0 ? '' : format.slice(i + 1, close);
    if (close < 0 || !/^[0-9]+$/.test(digits)) {
      i = close < 0 ? end : close + 1;
      return { ok: false, found: true };
    }
    const n = Number(digits) - 1;
    i = close + 1;
    if (n < 0 || n >= args.length) return { ok: false, found: true };
    argNum = n;
    return { ok: true, found: true };
  };
  const number = (): number | undefined => {
    const m = /^[0-9]+/.exec(format.slice(i));
    if (!m) return undefined;
    i += m[0].length;
    return Number(m[0]);
  };
  const intArg = (): number | undefined => {
    const a = args[argNum];
    if (argNum >= args.length || typeof a !== 'bigint') {
      argNum++;
      return undefined;
    }
    argNum++;
    return Number(a);
  };
  while (i < end) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    const f = noFlags();
    let goodArgNum = true;
    flags: for (; i < end; i++) {
      switch (format[i]) {
        case '#': f.sharp = true; break;
        case '0': f.zero = !f.minus; break;
        case '+': f.plus = true; break;
        case '-': f.minus = true; f.zero = false; break;
        case ' ': f.space = true; break;
        default: break flags;
      }
    }
    let idx = argIndex();
    goodArgNum &&= idx.ok;
    let afterIndex = idx.found;
    if (format[i] === '*') {
      i++;
      const w = intArg();
      if (w === undefined) out += '%!(BADWIDTH)';
      else if (w < 0) Object.assign(f, { width: -w, minus: true, zero: false });
      else f.width = w;
      afterIndex = false;
    } else {
      f.width = number();
      if (afterIndex && f.width !== undefined) goodArgNum = false;
    }
    if (i + 1 < end && format[i] === '.') {
      i++;
      if (afterIndex) goodArgNum = false;
      idx = argIndex();
      goodArgNum &&= idx.ok;
      afterIndex = idx.found;
      if (format[i] === '*') {
        i++;
        const p = intArg();
        if (p === undefined || p < 0) {
          if (p === undefined) out += '%!(BADPREC)';
          f.prec = undefined;
        } else f.prec = p;
        afterIndex = false;
      } else {
        f.prec = number() ?? 0;
      }
    }
    if (!afterIndex) {
      idx = argIndex();
      goodArgNum &&= idx.ok;
    }
    if (i >= end) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') {
      out += '%';
    } else if (!goodArgNum) {
      out += `%!${verb}(BADINDEX)`;
    } else if (argNum >= args.length) {
      out += `%!${verb}(MISSING)`;
    } else {
      if (verb === 'v') {
        f.plusV = f.plus;
        f.plus = false;
      }
      out += formatArg(args[argNum], verb, f);
      argNum++;
    }
  }
  if (!reordered && argNum < args.length) {
    out += '%!(EXTRA ' + args.slice(argNum).map((a) => (a === undefined ? '<nil>' : `${goTypeOf(a)}=${formatArg(a, 'v', noFlags())}`)).join(', ') + ')';
  }
  return out;
}

/** Formats one operand with a verb, as fmt's printArg does. */
export function formatArg(arg: GoValue, verb: string, f: Flags = noFlags()): string {
  if (verb === 'T') return pad(goTypeOf(arg), f);
  if (arg === undefined) return verb === 'v' ? pad('<nil>', f) : `%!${verb}(<nil>)`;
  switch (typeof arg) {
    case 'boolean':
      return verb === 't' || verb === 'v' ? pad(String(arg), f) : badVerb(arg, verb, f);
    case 'number':
      return formatFloatVerb(arg, verb, f);
    case 'bigint':
      return formatIntVerb(arg, verb, f);
    case 'string':
      return formatStringVerb(arg, verb, f);
  }
  if (arg instanceof GoOpaque) {
    return 'vsxXq'.includes(verb) ? formatStringVerb(arg.goString(), verb, f) : badVerb(arg, verb, f);
  }
  return pad(formatComposite(arg, verb, f), f);
}

function formatComposite(arg: GoMap | GoSlice | GoStruct, verb: string, f: Flags): string {
  // Elements are printed with the same verb but without the width, which applies to the whole.
  const inner: Flags = { ...f, width: undefined };
  if (arg instanceof GoMap) {
    return 'map[' + arg.sortedKeys().map((k) => `${formatArg(k, verb, inner)}:${formatArg(arg.entries.get(k), verb, inner)}`).join(' ') + ']';
  }
  if (arg instanceof GoSlice) return '[' + arg.items.map((v) => formatArg(v, verb, inner)).join(' ') + ']';
  const fields = [...arg.fields].map(([name, v]) => (f.plusV ? `${name}:` : '') + formatArg(v, verb, inner));
  return (arg.pointer ? '&{' : '{') + fields.join(' ') + '}';
}

/** `%!d(string=x)`: the operand is printed with %v but keeps the width, precision and flags given. */
function badVerb(arg: GoValue, verb: string, f: Flags = noFlags()): string {
  return `%!${verb}(${goTypeOf(arg)}=${formatArg(arg, 'v', f)})`;
}

function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Pads to the width with spaces (or zeros for numbers), left-justified with `-`. */
function pad(s: string, f: Flags, zeroAllowed = false): string {
  if (f.width === undefined) return s;
  const missing = f.width - runeCount(s);
  if (missing <= 0) return s;
  if (f.minus) return s + ' '.repeat(missing);
  return (zeroAllowed && f.zero ? '0' : ' ').repeat(missing) + s;
}

/** Pads a signed number so that zero padding goes between the sign and the digits. */
function padNumber(sign: string, digits: string, f: Flags): string {
  if (f.zero && !f.minus && f.width !== undefined && sign !== '') {
    return sign + digits.padStart(f.width - sign.length, '0');
  }
  return pad(sign + digits, f, true);
}

function formatFloatVerb(v: number, verb: string, f: Flags): string {
  let fmt: FloatFormat;
  let prec = f.prec ?? -1;
  switch (verb) {
    case 'v':
    case 'g':
    case 'G':
      fmt = verb === 'G' ? 'G' : 'g';
      break;
    case 'e':
    case 'E':
      fmt = verb;
      if (f.prec === undefined) prec = 6;
      break;
    case 'f':
    case 'F':
      fmt = 'f';
      if (f.prec === undefined) prec = 6;
      break;
    case 'x':
    case 'X':
      return pad(hexFloat(v, verb === 'X'), f);
    default:
      return badVerb(v, verb, f);
  }
  let num = formatGoFloat(v, fmt, prec);
  // fmt reserves a sign for every number, then drops a '+' nobody asked for (but not on +Inf).
  let sign = '+';
  if (num[0] === '-' || num[0] === '+') {
    sign = num[0];
    num = num.slice(1);
  }
  if (f.space && sign === '+' && !f.plus) sign = ' ';
  if (num === 'Inf' || num === 'NaN') {
    if (num === 'NaN' && !f.space && !f.plus) sign = '';
    return pad(sign + num, f);
  }
  if (f.plus || sign !== '+') return padNumber(sign, num, f);
  return pad(num, f, true);
}

/** `%x` of a float: Go's hexadecimal mantissa and binary exponent (`0x1.8p+01`). */
function hexFloat(v: number, upper: boolean): string {
  if (!Number.isFinite(v)) return formatGoFloat(v, 'g', -1);
  const neg = v < 0 || Object.is(v, -0);
  let x = Math.abs(v);
  let exp = 0;
  if (x !== 0) {
    exp = Math.floor(Math.log2(x));
    // log2 can be off by one near powers of two.
    if (2 ** exp > x) exp--;
    if (2 ** (exp + 1) <= x) exp++;
    x = x / 2 ** exp;
  }
  let frac = '';
  let rest = x - Math.floor(x);
  while (rest > 0) {
    rest *= 16;
    const d = Math.floor(rest);
    frac += d.toString(16);
    rest -= d;
  }
  const e = Math.abs(exp);
  const text = `0x${Math.floor(x)}${frac ? '.' + frac : ''}p${exp < 0 ? '-' : '+'}${e < 10 ? '0' + e : e}`;
  return (neg ? '-' : '') + (upper ? text.toUpperCase() : text);
}

function formatIntVerb(v: bigint, verb: string, f: Flags): string {
  const neg = v < 0n;
  const abs = neg ? -v : v;
  let digits: string;
  let prefix = '';
  switch (verb) {
    case 'v':
    case 'd':
      digits = abs.toString(10);
      break;
    case 'b':
      digits = abs.toString(2);
      if (f.sharp) prefix = '0b';
      break;
    case 'o':
    case 'O':
      digits = abs.toString(8);
      if (verb === 'O') prefix = '0o';
      else if (f.sharp && digits !== '0') prefix = '0';
      break;
    case 'x':
    case 'X':
      digits = abs.toString(16);
      if (verb === 'X') digits = digits.toUpperCase();
      if (f.sharp) prefix = verb === 'x' ? '0x' : '0X';
      break;
    case 'c':
      return pad(runeText(v), f);
    case 'q':
      return pad(quoteRune(v), f);
    case 'U': {
      // %U reads the value as a uint64, so negative numbers wrap around.
      const u = 'U+' + (neg ? v + 2n ** 64n : v).toString(16).toUpperCase().padStart(4, '0');
      return pad(f.sharp && isPrintableRune(v) ? `${u} '${runeText(v)}'` : u, f);
    }
    default:
      return badVerb(v, verb, f);
  }
  if (f.prec !== undefined) {
    if (f.prec === 0 && abs === 0n) digits = '';
    digits = digits.padStart(f.prec, '0');
  }
  const sign = neg ? '-' : f.plus ? '+' : f.space ? ' ' : '';
  // With a precision, zero padding is turned off, as in fmt.
  if (f.prec !== undefined) return pad(sign + prefix + digits, f);
  if (f.zero && !f.minus && f.width !== undefined) {
    return sign + prefix + digits.padStart(f.width - sign.length - prefix.length, '0');
  }
  return pad(sign + prefix + digits, f);
}

function runeText(v: bigint): string {
  const cp = Number(v);
  return cp >= 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp < 0xe000) ? String.fromCodePoint(cp) : '\ufffd';
}

function isPrintableRune(v: bigint): boolean {
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(runeText(v)) && runeText(v) !== '\ufffd';
}

function quoteRune(v: bigint): string {
  const ch = runeText(v);
  if (ch === "'") return "'\\''";
  if (ch === '"') return `'"'`;
  const q = quoteGoString(ch);
  return "'" + q.slice(1, -1) + "'";
}

function formatStringVerb(s: string, verb: string, f: Flags): string {
  let text = s;
  if (f.prec !== undefined && (verb === 's' || verb === 'v' || verb === 'q')) text = [...text].slice(0, f.prec).join('');
  switch (verb) {
    case 'v':
    case 's':
      return pad(text, f);
    case 'q':
      return pad(f.sharp && /^[^`\x00-\x08\x0a-\x1f\x7f\ufeff]*$/.test(text) ? '`' + text + '`' : quoteGoString(text), f);
    case 'x':
    case 'X': {
      let bytes = [...new TextEncoder().encode(s)];
      if (f.prec !== undefined) bytes = bytes.slice(0, f.prec);
      const hex = bytes.map((b) => (f.sharp && f.space ? '0x' : '') + b.toString(16).padStart(2, '0'));
      let out = hex.join(f.space ? ' ' : '');
      if (f.sharp && !f.space && out !== '') out = '0x' + out;
      return pad(verb === 'X' ? out.toUpperCase() : out, f);
    }
    default:
      return badVerb(s, verb, f);
  }
}
