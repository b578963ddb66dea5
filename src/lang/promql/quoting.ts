/**
 * Go-compatible quoting and unquoting. PromQL error messages and printed expressions use Go's
 * `%q`/`strconv.Quote` forms, and string literals use Go escapes; matching them byte for byte is
 * what lets users (and Grafana) see the same text as with Prometheus.
 */

const UNICODE_MAX = 0x10ffff;

// Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** Whether Go's strconv.IsPrint would print the code point as is. */
export function isPrintable(cp: number): boolean {
  if (cp < 0 || cp > UNICODE_MAX || (cp >= 0xd800 && cp < 0xe000)) return false;
  return PRINTABLE.test(String.fromCodePoint(cp));
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

// One code point escaped the way strconv.Quote does, for the given quote character.
function escapeCodePoint(cp: number, quote: number): string {
  if (cp === quote || cp === 0x5c) return '\\' + String.fromCodePoint(cp);
  if (isPrintable(cp)) return String.fromCodePoint(cp);
  switch (cp) {
    case 0x07: return '\\a';
    case 0x08: return '\\b';
    case 0x0c: return '\\f';
    case 0x0a: return '\\n';
    case 0x0d: return '\\r';
    case 0x09: return '\\t';
    case 0x0b: return '\\v';
  }
  if (cp < 0x20 || cp === 0x7f) return '\\x' + hex(cp, 2);
  // A byte of invalid UTF-8 is carried as U+DC80..U+DCFF (see unquoteString); Go prints it as \xNN.
  if (cp >= 0xdc80 && cp <= 0xdcff) return '\\x' + hex(cp - 0xdc00, 2);
  // Any other lone surrogate has no byte behind it; Go would print U+FFFD.
  if (cp >= 0xd800 && cp < 0xe000) return '\\ufffd';
  if (cp < 0x10000) return '\\u' + hex(cp, 4);
  return '\\U' + hex(cp, 8);
}

/** Quotes a string like Go's strconv.Quote / `%q`. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) out += escapeCodePoint(ch.codePointAt(0)!, 0x22);
  return out + '"';
}

/** Quotes a single code point like Go's `%q` on a rune (`'x'`); -1 (end of input) prints as U+FFFD. */
export function goQuoteRune(cp: number): string {
  const r = cp < 0 || cp > UNICODE_MAX ? 0xfffd : cp;
  return "'" + escapeCodePoint(r, 0x27) + "'";
}

/** Formats a code point like Go's `%#U`: `U+0071 'q'`, or just `U+000A` when not printable. */
export function formatRuneU(cp: number): string {
  const code = 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
  return isPrintable(cp) ? `${code} '${String.fromCodePoint(cp)}'` : code;
}

/** The first `n` code points of a string (Go's `%.Nq` precision counts runes). */
export function firstCodePoints(s: string, n: number): string {
  let out = '';
  let count = 0;
  for (const ch of s) {
    if (count++ === n) break;
    out += ch;
  }
  return out;
}

const SIMPLE_ESCAPES: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 0x5c, '"': 0x22, "'": 0x27 };

/**
 * Decodes a PromQL string literal token (quotes included) that the lexer has already validated.
 * `\x..` and octal escapes produce raw bytes, as in Go, so the result is the UTF-8 decoding of all
 * bytes together (`"\xc3\xa9"` is "é"). A byte that is not part of valid UTF-8 is kept as the lone
 * surrogate U+DC00+byte, so that the string stays "invalid UTF-8" (a label name `"\xff"` must be
 * refused, as in Prometheus) and prints back as `\xff`.
 */
export function unquoteString(raw: string): string {
  const quote = raw[0];
  const body = raw.slice(1, -1);
  if (quote === '`' || !body.includes('\\')) return body;
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  const pushText = (text: string): void => {
    for (const b of encoder.encode(text)) bytes.push(b);
  };
  let i = 0;
  while (i < body.length) {
    const slash = body.indexOf('\\', i);
    if (slash < 0) {
      pushText(body.slice(i));
      break;
    }
    pushText(body.slice(i, slash));
    const kind = body[slash + 1]!;
    i = slash + 2;
    if (kind in SIMPLE_ESCAPES) {
      bytes.push(SIMPLE_ESCAPES[kind]!);
    } else if (kind >= '0' && kind <= '7') {
      bytes.push(parseInt(body.slice(slash + 1, slash + 4), 8));
      i = slash + 4;
    } else if (kind === 'x') {
      bytes.push(parseInt(body.slice(i, i + 2), 16));
      i += 2;
    } else {
      const width = kind === 'u' ? 4 : 8;
      pushText(String.fromCodePoint(parseInt(body.slice(i, i + width), 16)));
      i += width;
    }
  }
  return decodeUtf8KeepingInvalidBytes(bytes);
}

// Length of the UTF-8 sequence a lead byte starts, and the smallest code point it may encode.
function sequenceShape(lead: number): [number, number] {
  if (lead >= 0xc2 && lead <= 0xdf) return [2, 0x80];
  if (lead >= 0xe0 && lead <= 0xef) return [3, 0x800];
  if (lead >= 0xf0 && lead <= 0xf4) return [4, 0x10000];
  return [0, 0];
}

function decodeUtf8KeepingInvalidBytes(bytes: readonly number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      out += String.fromCharCode(b);
      i++;
      continue;
    }
    const [length, min] = sequenceShape(b);
    let cp = length === 0 ? -1 : b & (0xff >> (length + 1));
    for (let k = 1; k < length && cp >= 0; k++) {
      const c = bytes[i + k];
      cp = c !== undefined && (c & 0xc0) === 0x80 ? (cp << 6) | (c & 0x3f) : -1;
    }
    if (cp < min || cp > UNICODE_MAX || (cp >= 0xd800 && cp < 0xe000)) {
      out += String.fromCharCode(0xdc00 + b);
      i++;
    } else {
      out += String.fromCodePoint(cp);
      i += length;
    }
  }
  return out;
}
