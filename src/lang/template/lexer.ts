/**
 * The lexer of Go's text/template: text, `{{ }}` actions with `{{-`/`-}}` trim markers,
 * comments, and the tokens inside actions. Its error texts are Go's, because they end up in
 * rule-file errors and in annotations (`unclosed action`, `bad character U+002D '-'`).
 */
import { formatRune, KEYWORDS, type Item, type ItemType } from './items.js';
import { quoteGoString } from '../../model/goString.js';

const LEFT = '{{';
const RIGHT = '}}';
const LEFT_COMMENT = '/*';
const RIGHT_COMMENT = '*/';
const TRIM_MARKER_LEN = 2; // a space and '-'

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

function isAlphaNumeric(c: string | undefined): boolean {
  return c !== undefined && (c === '_' || /^[\p{L}\p{Nd}]$/u.test(c));
}

function hasLeftTrimMarker(s: string, at: number): boolean {
  return s[at] === '-' && isSpace(s[at + 1]);
}

function hasRightTrimMarker(s: string, at: number): boolean {
  return isSpace(s[at]) && s[at + 1] === '-';
}

function rightTrimLength(s: string): number {
  return s.length - s.replace(/[ \t\r\n]+$/, '').length;
}

function leftTrimLength(s: string, at: number): number {
  let i = at;
  while (isSpace(s[i])) i++;
  return i - at;
}

/** Splits template text into tokens; errors become a final `error` token, as in Go. */
export function lexTemplate(input: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  let start = 0;
  let line = 1;
  let startLine = 1;
  let parenDepth = 0;
  let done = false;

  const emit = (type: ItemType): void => {
    items.push({ type, pos: start, val: input.slice(start, pos), line: startLine });
    start = pos;
    startLine = line;
  };
  const ignore = (): void => {
    line += countNewlines(input.slice(start, pos));
    start = pos;
    startLine = line;
  };
  const errorf = (message: string): void => {
    items.push({ type: 'error', pos: start, val: message, line: startLine });
    done = true;
  };
  const next = (): string | undefined => {
    if (pos >= input.length) {
      pos = input.length + 1; // so that backup() returns to the end
      return undefined;
    }
    const cp = input.codePointAt(pos)!;
    const ch = String.fromCodePoint(cp);
    pos += ch.length;
    if (ch === '\n') line++;
    return ch;
  };
  const backup = (ch: string | undefined): void => {
    if (ch === undefined) {
      pos = input.length;
      return;
    }
    pos -= ch.length;
    if (ch === '\n') line--;
  };
  const peek = (): string | undefined => {
    const ch = next();
    backup(ch);
    return ch;
  };
  const atRightDelim = (): { delim: boolean; trim: boolean } => {
    if (hasRightTrimMarker(input, pos) && input.startsWith(RIGHT, pos + TRIM_MARKER_LEN)) return { delim: true, trim: true };
    return { delim: input.startsWith(RIGHT, pos), trim: false };
  };
  const atTerminator = (): boolean => {
    const r = peek();
    if (isSpace(r)) return true;
    if (r === undefined || '.,|:)('.includes(r)) return true;
    return input.startsWith(RIGHT, pos);
  };
  const badChar = (r: string | undefined): void => errorf(`bad character ${formatRune(r)}`);

  // Text up to the next action, trimmed when the action starts with `{{- `.
  const lexText = (): 'leftDelim' | 'eof' => {
    const x = input.indexOf(LEFT, pos);
    if (x >= 0) {
      if (x > pos) {
        pos = x;
        const trim = hasLeftTrimMarker(input, x + LEFT.length) ? rightTrimLength(input.slice(start, pos)) : 0;
        pos -= trim;
        line += countNewlines(input.slice(start, pos));
        const item: Item = { type: 'text', pos: start, val: input.slice(start, pos), line: startLine };
        start = pos;
        startLine = line;
        pos += trim;
        ignore();
        if (item.val.length > 0) items.push(item);
      }
      return 'leftDelim';
    }
    pos = input.length;
    if (pos > start) {
      line += countNewlines(input.slice(start, pos));
      emit('text');
    }
    emit('EOF');
    return 'eof';
  };

  const lexLeftDelim = (): 'comment' | 'inside' => {
    pos += LEFT.length;
    const trim = hasLeftTrimMarker(input, pos);
    const after = trim ? TRIM_MARKER_LEN : 0;
    if (input.startsWith(LEFT_COMMENT, pos + after)) {
      pos += after;
      ignore();
      return 'comment';
    }
    items.push({ type: 'leftDelim', pos: start, val: input.slice(start, pos), line: startLine });
    start = pos;
    startLine = line;
    pos += after;
    ignore();
    parenDepth = 0;
    return 'inside';
  };

  const lexComment = (): boolean => {
    pos += LEFT_COMMENT.length;
    const x = input.indexOf(RIGHT_COMMENT, pos);
    if (x < 0) {
      errorf('unclosed comment');
      return false;
    }
    pos = x + RIGHT_COMMENT.length;
    const { delim, trim } = atRightDelim();
    if (!delim) {
      errorf('comment ends before closing delimiter');
      return false;
    }
    // Comments are not emitted, but their lines count.
    line += countNewlines(input.slice(start, pos));
    start = pos;
    startLine = line;
    if (trim) pos += TRIM_MARKER_LEN;
    pos += RIGHT.length;
    if (trim) pos += leftTrimLength(input, pos);
    ignore();
    return true;
  };

  const lexRightDelim = (): void => {
    const { trim } = atRightDelim();
    if (trim) {
      pos += TRIM_MARKER_LEN;
      ignore();
    }
    pos += RIGHT.length;
    emit('rightDelim');
    if (trim) {
      pos += leftTrimLength(input, pos);
      ignore();
    }
  };

  // One token inside an action; returns false when the action ended.
  const lexInsideAction = (): boolean => {
    if (atRightDelim().delim) {
      if (parenDepth === 0) {
        lexRightDelim();
        return false;
      }
      errorf('unclosed left paren');
      return false;
    }
    const r = next();
    if (r === undefined) {
      errorf('unclosed action');
    } else if (isSpace(r)) {
      backup(r);
      lexSpace();
    } else if (r === '=') {
      emit('assign');
    } else if (r === ':') {
      if (next() !== '=') errorf('expected :=');
      else emit('declare');
    } else if (r === '|') {
      emit('pipe');
    } else if (r === '"') {
      lexQuote('"', 'string', 'unterminated quoted string');
    } else if (r === '`') {
      lexRawQuote();
    } else if (r === '$') {
      if (atTerminator()) emit('variable');
      else lexFieldOrVariable('variable');
    } else if (r === "'") {
      lexQuote("'", 'charConstant', 'unterminated character constant');
    } else if (r === '.' && pos < input.length && !(input[pos]! >= '0' && input[pos]! <= '9')) {
      lexFieldOrVariable('field');
    } else if (r === '.' || r === '+' || r === '-' || (r >= '0' && r <= '9')) {
      backup(r);
      lexNumber();
    } else if (isAlphaNumeric(r)) {
      backup(r);
      lexIdentifier();
    } else if (r === '(') {
      emit('leftParen');
      parenDepth++;
    } else if (r === ')') {
      emit('rightParen');
      parenDepth--;
      if (parenDepth < 0) errorf('unexpected right paren');
    } else if (r.codePointAt(0)! < 0x80 && r >= ' ' && r !== '\x7f') {
      emit('char');
    } else {
      errorf(`unrecognized character in action: ${formatRune(r)}`);
    }
    return !done;
  };

  const lexSpace = (): void => {
    let spaces = 0;
    while (isSpace(peek())) {
      next();
      spaces++;
    }
    // A space followed by `-}}` belongs to the closing delimiter.
    if (hasRightTrimMarker(input, pos - 1) && input.startsWith(RIGHT, pos - 1 + TRIM_MARKER_LEN)) {
      backup(input[pos - 1]);
      if (spaces === 1) return;
    }
    emit('space');
  };

  const lexQuote = (quote: string, type: ItemType, unterminated: string): void => {
    for (;;) {
      let r = next();
      if (r === '\\') {
        r = next();
        if (r !== undefined && r !== '\n') continue;
      }
      if (r === undefined || r === '\n') {
        errorf(unterminated);
        return;
      }
      if (r === quote) break;
    }
    emit(type);
  };

  const lexRawQuote = (): void => {
    const close = input.indexOf('`', pos);
    if (close < 0) {
      errorf('unterminated raw quoted string');
      return;
    }
    line += countNewlines(input.slice(pos, close + 1));
    pos = close + 1;
    emit('rawString');
  };

  const lexFieldOrVariable = (type: 'field' | 'variable'): void => {
    if (atTerminator()) {
      emit(type === 'variable' ? 'variable' : 'dot');
      return;
    }
    let r: string | undefined;
    for (;;) {
      r = next();
      if (!isAlphaNumeric(r)) {
        backup(r);
        break;
      }
    }
    if (!atTerminator()) return badChar(r);
    emit(type);
  };

  const lexIdentifier = (): void => {
    let r: string | undefined;
    for (;;) {
      r = next();
      if (!isAlphaNumeric(r)) {
        backup(r);
        break;
      }
    }
    const word = input.slice(start, pos);
    if (!atTerminator()) return badChar(r);
    const keyword = KEYWORDS.get(word);
    if (keyword !== undefined) emit(keyword);
    else if (word === 'true' || word === 'false') emit('bool');
    else emit('identifier');
  };

  const lexNumber = (): void => {
    if (!scanNumber()) return errorf(`bad number syntax: ${quoteGoString(input.slice(start, pos))}`);
    const sign = peek();
    if (sign === '+' || sign === '-') {
      if (!scanNumber() || input[pos - 1] !== 'i') return errorf(`bad number syntax: ${quoteGoString(input.slice(start, pos))}`);
      emit('complex');
    } else emit('number');
  };

  const accept = (valid: string): boolean => {
    const r = next();
    if (r !== undefined && valid.includes(r)) return true;
    backup(r);
    return false;
  };
  const acceptRun = (valid: string): void => {
    for (;;) {
      const r = next();
      if (r === undefined || !valid.includes(r)) {
        backup(r);
        return;
      }
    }
  };
  const scanNumber = (): boolean => {
    accept('+-');
    let digits = '0123456789_';
    if (accept('0')) {
      if (accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (accept('oO')) digits = '01234567_';
      else if (accept('bB')) digits = '01_';
    }
    acceptRun(digits);
    if (accept('.')) acceptRun(digits);
    if (digits.length === 11 && accept('eE')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    if (digits.length === 23 && accept('pP')) {
      accept('+-');
      acceptRun('0123456789_');
    }
    accept('i');
    if (isAlphaNumeric(peek())) {
      next();
      return false;
    }
    return true;
  };

  let state: 'text' | 'leftDelim' | 'comment' | 'inside' = 'text';
  while (!done) {
    switch (state) {
      case 'text':
        if (lexText() === 'eof') return items;
        state = 'leftDelim';
        break;
      case 'leftDelim':
        state = lexLeftDelim();
        break;
      case 'comment':
        if (!lexComment()) return items;
        state = 'text';
        break;
      case 'inside':
        if (!lexInsideAction()) state = 'text';
        break;
    }
  }
  return items;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
