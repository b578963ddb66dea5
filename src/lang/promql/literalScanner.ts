/**
 * Scanning of PromQL literals: numbers (decimal, hex, octal, exponents, underscores), durations
 * (`5m`, `1h30m`) and quoted strings with Go escapes. The accepted shapes and error texts follow
 * Prometheus's lexer; whether a number's text is a valid value is decided later by the parser.
 */
import { formatRuneU, goQuote } from './quoting.js';
import { EOF, isAlphaNumeric, isDigit, type RuneCursor } from './runeCursor.js';

const DECIMAL_DIGITS = '0123456789';
const HEX_DIGITS = '0123456789abcdefABCDEF';

function digitValue(cp: number): number {
  if (isDigit(cp)) return cp - 0x30;
  if (cp >= 0x61 && cp <= 0x66) return cp - 0x61 + 10;
  if (cp >= 0x41 && cp <= 0x46) return cp - 0x41 + 10;
  return 16;
}

/** Scans a number or a duration starting at the cursor; returns which one, or fails. */
export function scanNumberOrDuration(c: RuneCursor): 'NUMBER' | 'DURATION' {
  if (scanNumber(c)) return 'NUMBER';
  if (acceptRemainingDuration(c)) {
    c.backup();
    return 'DURATION';
  }
  return c.fail(`bad number or duration syntax: ${goQuote(c.pending)}`);
}

// Number syntax: [0x][.]d[d._eE]* with no repeated dot/exponent, and no letter right after it.
function scanNumber(c: RuneCursor): boolean {
  const initial = c.pos;
  let digits = DECIMAL_DIGITS;
  if (c.accept('0') && c.accept('xX')) {
    c.accept('_');
    digits = HEX_DIGITS;
  }
  c.accept('.');
  c.accept(digits);
  let dotSeen = false;
  let exponentSeen = false;
  while (c.is(digits + '._eE')) {
    if ((c.is('.') && dotSeen) || (c.is('eE') && exponentSeen)) {
      c.next();
      return false;
    }
    if (c.accept('.')) {
      dotSeen = true;
      // Fractional hexadecimal literals are not allowed.
      if (c.accept('_.') || digits === HEX_DIGITS) return false;
      continue;
    }
    if (c.accept('eE')) {
      exponentSeen = true;
      c.accept('+-');
      if (c.accept('._eE') || c.peek() === EOF) return false;
      continue;
    }
    if (c.accept('_')) {
      if (c.accept('._eE') || c.peek() === EOF) return false;
      continue;
    }
    while (c.accept(digits));
  }
  if (c.pos === initial) return false;
  return !isAlphaNumeric(c.peek());
}

// After the digits: a unit, then optionally more number+unit pairs, then no alphanumeric.
// Bad unit combinations such as `hs` are caught when the duration is parsed.
function acceptRemainingDuration(c: RuneCursor): boolean {
  if (!c.accept('smhdwy')) return false;
  c.accept('s');
  while (c.accept(DECIMAL_DIGITS)) {
    while (c.accept(DECIMAL_DIGITS));
    // Years may only come first, so they are not accepted here.
    if (!c.accept('smhdw')) return false;
    c.accept('s');
  }
  return !isAlphaNumeric(c.next());
}

/** Scans a double- or single-quoted string whose opening quote has been consumed. */
export function scanQuotedString(c: RuneCursor, quote: number): void {
  for (;;) {
    const cp = c.next();
    if (cp === 0x5c) scanEscape(c, quote);
    else if (cp === EOF || cp === 0x0a) c.fail('unterminated quoted string');
    else if (cp === quote) return;
  }
}

/** Scans a backtick string (no escapes, may span lines) whose opening quote has been consumed. */
export function scanRawString(c: RuneCursor): void {
  for (;;) {
    const cp = c.next();
    if (cp === EOF) c.fail('unterminated raw string');
    if (cp === 0x60) return;
  }
}

// One escape sequence after a backslash: Go's single-letter escapes, \NNN octal, \xNN, \uNNNN, \UNNNNNNNN.
function scanEscape(c: RuneCursor, quote: number): void {
  let ch = c.next();
  if (ch === quote || (ch !== EOF && 'abfnrtv\\'.includes(String.fromCodePoint(ch)))) return;
  let digits: number;
  let base = 16;
  let max = 0x10ffff;
  if (ch >= 0x30 && ch <= 0x37) {
    [digits, base, max] = [3, 8, 255];
  } else if (ch === 0x78) {
    [digits, max] = [2, 255];
    ch = c.next();
  } else if (ch === 0x75 || ch === 0x55) {
    digits = ch === 0x75 ? 4 : 8;
    ch = c.next();
  } else if (ch === EOF) {
    return c.fail('escape sequence not terminated');
  } else {
    return c.fail(`unknown escape sequence ${formatRuneU(ch)}`);
  }
  let value = 0;
  for (let n = digits; n > 0; n--) {
    const d = digitValue(ch);
    if (d >= base) {
      if (ch === EOF) c.fail('escape sequence not terminated');
      c.fail(`illegal character ${formatRuneU(ch)} in escape sequence`);
    }
    value = value * base + d;
    if (n > 1) ch = c.next();
  }
  if (value > max || (value >= 0xd800 && value < 0xe000)) c.fail('escape sequence is an invalid Unicode code point');
}
