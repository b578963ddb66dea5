/**
 * Go strings are byte strings, JS strings are UTF-16. Where Prometheus would hold bytes that are
 * not valid UTF-8 (a YAML `!!binary` label name, say), we carry each such byte as a lone
 * surrogate U+DC80..U+DCFF ("surrogateescape"): the string stays invalid Unicode (so validation
 * rejects it exactly where Go's utf8.ValidString would), turns back into the same bytes for
 * hashing, and prints the way Go's %q prints it (`"\xff"`).
 */

const ESCAPE_BASE = 0xdc00;

/** Decodes bytes as Go does: valid UTF-8 sequences become characters, every other byte is kept escaped. */
export function goStringFromBytes(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const decoded = decodeRune(bytes, i);
    if (decoded === null) {
      out += String.fromCharCode(ESCAPE_BASE + bytes[i]!);
      i += 1;
    } else {
      out += String.fromCodePoint(decoded.rune);
      i += decoded.size;
    }
  }
  return out;
}

/** One UTF-8 sequence at `i` under Go's rules (no overlongs, no surrogates, at most U+10FFFF), or null. */
function decodeRune(b: Uint8Array, i: number): { rune: number; size: number } | null {
  const b0 = b[i]!;
  if (b0 < 0x80) return { rune: b0, size: 1 };
  const cont = (k: number): number => {
    const c = b[i + k];
    return c !== undefined && (c & 0xc0) === 0x80 ? c & 0x3f : -1;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    const c1 = cont(1);
    return c1 < 0 ? null : { rune: ((b0 & 0x1f) << 6) | c1, size: 2 };
  }
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const c1 = cont(1);
    const c2 = cont(2);
    if (c1 < 0 || c2 < 0) return null;
    const rune = ((b0 & 0x0f) << 12) | (c1 << 6) | c2;
    if (rune < 0x800 || (rune >= 0xd800 && rune <= 0xdfff)) return null;
    return { rune, size: 3 };
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const c1 = cont(1);
    const c2 = cont(2);
    const c3 = cont(3);
    if (c1 < 0 || c2 < 0 || c3 < 0) return null;
    const rune = ((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3;
    if (rune < 0x10000 || rune > 0x10ffff) return null;
    return { rune, size: 4 };
  }
  return null;
}

/** The bytes Go would hold for a string: UTF-8, with escaped bytes restored. */
export function goStringToBytes(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let cp = s.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < s.length) {
      const low = s.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (cp >= 0xdc80 && cp <= 0xdcff) {
      out.push(cp - ESCAPE_BASE);
      continue;
    }
    // Any other lone surrogate cannot come from Go; encode it the way TextEncoder would.
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
  return Uint8Array.from(out);
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const SHORT_ESCAPES: Record<string, string> = {
  '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v',
};

/** Quotes a string like Go's strconv.Quote (and so `%q`), which Prometheus uses in its messages. */
export function quoteGoString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xdc80 && cp <= 0xdcff) out += '\\x' + hex(cp - ESCAPE_BASE, 2);
    else if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (PRINTABLE.test(ch)) out += ch;
    else if (SHORT_ESCAPES[ch] !== undefined) out += SHORT_ESCAPES[ch];
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + hex(cp, 2);
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd';
    else if (cp < 0x10000) out += '\\u' + hex(cp, 4);
    else out += '\\U' + hex(cp, 8);
  }
  return out + '"';
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}
