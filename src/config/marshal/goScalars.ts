/**
 * How go-yaml v2 (the YAML library behind Prometheus's `/api/v1/status/config`) prints a string:
 * the encoder asks for a literal block when the string has a line break, double quotes when the
 * text would read back as another type (`"123"`, `"true"`, `""`), and plain style otherwise; the
 * emitter (a port of libyaml) then falls back to single or double quotes when the characters do
 * not allow that style, and folds long plain lines at spaces past column 80.
 */

/** Where a scalar is written: flow collections and mapping keys restrict the styles. */
export interface ScalarContext {
  readonly flow: boolean;
  readonly simpleKey: boolean;
}

/** The writer a scalar is printed into. */
export interface ScalarSink {
  /** Column of the next character (0-based, in code points). */
  readonly column: number;
  write(text: string): void;
  /** Starts a continuation line at the scalar's indentation. */
  breakLine(): void;
  /** Writes the scalar's indentation at the start of a line. */
  pad(): void;
}

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal';

/** libyaml's best_width: plain and quoted scalars fold at a space once past this column. */
const BEST_WIDTH = 80;

const NON_STRING_WORDS = new Set([
  '~', 'null', 'Null', 'NULL', '<<',
  'y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE',
  'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF',
]);
const GO_INT = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
const YAML_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const DOT_FLOAT = /^\.[0-9]+(?:[eE][-+]?[0-9]+)?$/;
const TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]+)?(?:Z|[-+][0-9]{2}:[0-9]{2})?)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** Whether go-yaml would read the text back as something other than a string. */
function readsAsNonString(s: string): boolean {
  if (s === '' || NON_STRING_WORDS.has(s)) return true;
  const first = s[0]!;
  if (first === '.') return DOT_FLOAT.test(s);
  if (!/[0-9+-]/.test(first)) return false;
  if (TIMESTAMP.test(s)) return true;
  const plain = s.replace(/_/g, '');
  return GO_INT.test(plain) || YAML_FLOAT.test(plain);
}

const isBreak = (c: number): boolean => c === 0x0a || c === 0x0d || c === 0x85 || c === 0x2028 || c === 0x2029;
const isBlank = (c: number | undefined): boolean => c === undefined || c === 0x20 || c === 0x09 || isBreak(c);

/** libyaml's is_printable, on code points (4-byte UTF-8 characters count as not printable). */
function isPrintable(c: number): boolean {
  return c === 0x0a || (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff);
}

interface Analysis {
  readonly flowPlain: boolean;
  readonly blockPlain: boolean;
  readonly singleQuoted: boolean;
  readonly block: boolean;
  readonly multiline: boolean;
}

/** libyaml's yaml_emitter_analyze_scalar: which styles can carry the text unchanged. */
function analyze(s: string): Analysis {
  const cps = Array.from(s, (ch) => ch.codePointAt(0)!);
  if (cps.length === 0) return { flowPlain: false, blockPlain: true, singleQuoted: true, block: false, multiline: false };
  let blockIndicators = s.startsWith('---') || s.startsWith('...');
  let flowIndicators = blockIndicators;
  let lineBreaks = false, special = false;
  let leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
  let breakSpace = false, spaceBreak = false, previousSpace = false, previousBreak = false;
  let precededByWhitespace = true;
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]!;
    const ch = String.fromCodePoint(c);
    const followedByWhitespace = isBlank(cps[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) flowIndicators = blockIndicators = true;
      if (ch === '?' || ch === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      }
      if (ch === '-' && followedByWhitespace) flowIndicators = blockIndicators = true;
    } else {
      if (',?[]{}'.includes(ch)) flowIndicators = true;
      if (ch === ':') {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      }
      if (ch === '#' && precededByWhitespace) flowIndicators = blockIndicators = true;
    }
    if (!isPrintable(c)) special = true;
    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (i === cps.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === cps.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousBreak = true;
      previousSpace = false;
    } else {
      previousSpace = previousBreak = false;
    }
    precededByWhitespace = isBlank(c);
  }
  let flowPlain = true, blockPlain = true, singleQuoted = true, block = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) flowPlain = blockPlain = false;
  if (trailingSpace) block = false;
  if (breakSpace) flowPlain = blockPlain = singleQuoted = false;
  if (spaceBreak || special) flowPlain = blockPlain = singleQuoted = block = false;
  if (lineBreaks) flowPlain = blockPlain = false;
  if (flowIndicators) flowPlain = false;
  if (blockIndicators) blockPlain = false;
  return { flowPlain, blockPlain, singleQuoted, block, multiline: lineBreaks };
}

/** The style go-yaml prints a string in. */
export function goStringStyle(s: string, ctx: ScalarContext): ScalarStyle {
  const a = analyze(s);
  let style: ScalarStyle = s.includes('\n') ? 'literal' : readsAsNonString(s) || BASE60_FLOAT.test(s) ? 'double' : 'plain';
  if (ctx.simpleKey && a.multiline) style = 'double';
  if (style === 'plain' && !(ctx.flow ? a.flowPlain : a.blockPlain)) style = 'single';
  if (style === 'single' && !a.singleQuoted) style = 'double';
  if (style === 'literal' && (!a.block || ctx.flow || ctx.simpleKey)) style = 'double';
  return style;
}

const ESCAPES: Readonly<Record<number, string>> = {
  0x00: '0', 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r', 0x1b: 'e',
  0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P',
};

function escapeFor(c: number): string {
  const named = ESCAPES[c];
  if (named !== undefined) return `\\${named}`;
  const hex = c.toString(16).toUpperCase();
  if (c <= 0xff) return `\\x${hex.padStart(2, '0')}`;
  if (c <= 0xffff) return `\\u${hex.padStart(4, '0')}`;
  return `\\U${hex.padStart(8, '0')}`;
}

/** Writes a string in the style go-yaml picks; `ctx.simpleKey` also turns off line folding. */
export function writeGoString(sink: ScalarSink, s: string, ctx: ScalarContext): void {
  const style = goStringStyle(s, ctx);
  const cps = Array.from(s, (ch) => ch.codePointAt(0)!);
  const allowBreaks = !ctx.simpleKey;
  if (style === 'literal') {
    writeLiteral(sink, cps);
    return;
  }
  const quote = style === 'single' ? "'" : style === 'double' ? '"' : '';
  sink.write(quote);
  let spaces = false;
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]!;
    const escape = style === 'double' && (!isPrintable(c) || isBreak(c) || c === 0x22 || c === 0x5c);
    if (c === 0x20 && !escape) {
      // libyaml folds at the first space of a run once the line is past the width.
      const inner = style === 'plain' || (i !== 0 && i !== cps.length - 1);
      const nextIsSpace = cps[i + 1] === 0x20;
      if (allowBreaks && !spaces && sink.column > BEST_WIDTH && inner && (style === 'double' || !nextIsSpace)) {
        sink.breakLine();
        if (style === 'double' && nextIsSpace) sink.write('\\');
      } else {
        sink.write(' ');
      }
      spaces = true;
      continue;
    }
    spaces = false;
    if (escape) sink.write(escapeFor(c));
    else if (style === 'single' && c === 0x27) sink.write("''");
    else sink.write(String.fromCodePoint(c));
  }
  sink.write(quote);
}

/** A `|` block: chomping says how many trailing line breaks the text has. */
function writeLiteral(sink: ScalarSink, cps: readonly number[]): void {
  const first = cps[0];
  const indentHint = first === 0x20 || (first !== undefined && isBreak(first)) ? '2' : '';
  const last = cps[cps.length - 1];
  let chomp = '';
  if (last === undefined || !isBreak(last)) chomp = '-';
  else if (cps.length === 1 || isBreak(cps[cps.length - 2]!)) chomp = '+';
  // The header always ends its line; every break of the text is then written as is, and
  // text after a break starts at the indentation (so empty lines stay empty).
  sink.write(`|${indentHint}${chomp}\n`);
  let atBreak = true;
  for (const c of cps) {
    if (isBreak(c)) {
      sink.write('\n');
      atBreak = true;
      continue;
    }
    if (atBreak) sink.pad();
    sink.write(String.fromCodePoint(c));
    atBreak = false;
  }
}

const isLetter = (ch: string): boolean => /\p{L}/u.test(ch);
const isDigit = (ch: string): boolean => /\p{Nd}/u.test(ch);

/** go-yaml's ordering of map keys: letters after other characters, digit runs by numeric value. */
export function compareGoMapKeys(a: string, b: string): number {
  const ar = Array.from(a);
  const br = Array.from(b);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]!.codePointAt(0)! - br[i]!.codePointAt(0)!;
    if (al || bl) return bl ? -1 : 1;
    let an = 0, bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== '0') {
          an = bn = 1;
          break;
        }
      }
    }
    let ai = i, bi = i;
    for (; ai < ar.length && isDigit(ar[ai]!); ai++) an = an * 10 + Number(ar[ai]);
    for (; bi < br.length && isDigit(br[bi]!); bi++) bn = bn * 10 + Number(br[bi]);
    if (an !== bn) return an < bn ? -1 : 1;
    if (ai !== bi) return ai < bi ? -1 : 1;
    return ar[i]!.codePointAt(0)! - br[i]!.codePointAt(0)!;
  }
  return ar.length - br.length;
}
