/**
 * The tokenizer of the Prometheus text format: a hand-written transcription of the state machine
 * in Prometheus's promlex.l, so that the same bytes are accepted and rejected at the same place.
 * It scans with charCodeAt and never slices; a token is `[start, pos)` of `body`.
 */

/** Token kinds; the numbering is internal, `TOKEN_NAMES` gives Prometheus's spelling. */
export const Tok = {
  Invalid: 0,
  EOF: 1,
  Linebreak: 2,
  Whitespace: 3,
  Help: 4,
  Type: 5,
  Text: 6,
  Comment: 7,
  MName: 8,
  QString: 9,
  BraceOpen: 10,
  BraceClose: 11,
  LName: 12,
  LValue: 13,
  Comma: 14,
  Equal: 15,
  Timestamp: 16,
  Value: 17,
} as const;

/** One of the `Tok` constants. */
export type Token = (typeof Tok)[keyof typeof Tok];

/** Token names as Prometheus prints them in parse errors, indexed by token. */
export const TOKEN_NAMES: readonly string[] = [
  'INVALID', 'EOF', 'LINEBREAK', 'WHITESPACE', 'HELP', 'TYPE', 'TEXT', 'COMMENT', 'MNAME',
  'QSTRING', 'BOPEN', 'BCLOSE', 'LNAME', 'LVALUE', 'COMMA', 'EQUAL', 'TIMESTAMP', 'VALUE',
];

// Lexer states, as in promlex.l: what the previous token allows next.
const S_INIT = 0;
const S_META1 = 2;
const S_META2 = 3;
const S_LABELS = 4;
const S_LVALUE = 5;
const S_VALUE = 6;
const S_TIMESTAMP = 7;

// Character classes for ASCII, as bit flags; everything >= 128 is in none of them.
const METRIC_START = 1; // [a-zA-Z_:]
const METRIC_CHAR = 2; // [a-zA-Z0-9_:]
const LABEL_START = 4; // [a-zA-Z_]
const LABEL_CHAR = 8; // [a-zA-Z0-9_]
const DIGIT = 16; // [0-9]

const CLASSES = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
  const digit = c >= 0x30 && c <= 0x39;
  if (letter || c === 0x3a) CLASSES[c] |= METRIC_START | METRIC_CHAR;
  if (digit) CLASSES[c] |= METRIC_CHAR | LABEL_CHAR | DIGIT;
  if (letter) CLASSES[c] |= LABEL_START | LABEL_CHAR;
}

function inClass(c: number, cls: number): boolean {
  return c < 128 && (CLASSES[c]! & cls) !== 0;
}

/** Where a metric name starting at `i` ends (`i` itself when no name starts there), as the lexer would scan it. */
export function metricNameEnd(body: string, i: number): number {
  if (!inClass(body.charCodeAt(i), METRIC_START)) return i;
  do i++;
  while (inClass(body.charCodeAt(i), METRIC_CHAR));
  return i;
}

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** Scans one body; the parser pulls tokens with `lex()` and reads `start`/`pos` for their text. */
export class TextLexer {
  /**
   * The body, always ending in `\n` (Prometheus appends one too, so a last line needs none). Every
   * scan loop except `quoted` relies on that newline to stop, instead of a bounds check.
   */
  readonly body: string;
  /** One past the last character of `body`. */
  readonly end: number;
  /** Start of the latest token. */
  start = 0;
  /** End of the latest token; for `Invalid`, the offending character. */
  pos = 0;
  /** Set when the latest quoted token held a lone surrogate (the JS form of invalid UTF-8). */
  badUtf8 = false;
  private state = S_INIT;

  constructor(body: string) {
    this.body = body.length > 0 && body.charCodeAt(body.length - 1) === 0x0a ? body : body + '\n';
    this.end = this.body.length;
  }

  /** Returns the next token, advancing `pos` past it. */
  lex(): Token {
    const i = this.pos;
    if (i >= this.end) return Tok.EOF;
    this.start = i;
    if (this.state === S_META2) return this.lexMetaText(i);
    const c = this.body.charCodeAt(i);
    if (isBlank(c)) return this.whitespace(i);
    switch (this.state) {
      case S_INIT: return this.lexInit(c, i);
      case S_META1: return this.lexMetaName(c, i);
      case S_LABELS: return this.lexLabels(c, i);
      case S_LVALUE:
        if (c !== 0x22) return Tok.Invalid;
        this.state = S_LABELS;
        return this.quoted(i, true) ? Tok.LValue : Tok.Invalid;
      case S_VALUE: return this.lexValue(c, i);
      default: return this.lexTimestamp(c, i);
    }
  }

  /**
   * Moves past a `}` at `at` that the parser found by scanning ahead on its own (its fast path
   * for plain label blocks), leaving the lexer as if it had just returned BraceClose there.
   */
  closeLabelsAt(at: number): void {
    this.start = at;
    this.pos = at + 1;
    this.state = S_VALUE;
  }

  /**
   * Puts the lexer at the start of a line at `at`: after a line the parser scanned on its own
   * (its fast path for plain series lines), or back where such a scan started when it gave up.
   */
  startLineAt(at: number): void {
    this.start = at;
    this.pos = at;
    this.state = S_INIT;
  }

  private whitespace(i: number): Token {
    const b = this.body;
    do i++;
    while (isBlank(b.charCodeAt(i)));
    this.pos = i;
    return Tok.Whitespace;
  }

  private run(i: number, cls: number): number {
    const b = this.body;
    while (inClass(b.charCodeAt(i), cls)) i++;
    return i;
  }

  private lexInit(c: number, i: number): Token {
    if (c === 0x0a) {
      this.pos = i + 1;
      return Tok.Linebreak;
    }
    if (inClass(c, METRIC_START)) {
      this.pos = this.run(i + 1, METRIC_CHAR);
      this.state = S_VALUE;
      return Tok.MName;
    }
    if (c === 0x23) return this.lexHash(i + 1);
    if (c === 0x7b) {
      this.pos = i + 1;
      this.state = S_LABELS;
      return Tok.BraceOpen;
    }
    // Prometheus's lexer treats a NUL where a line may start as the end of the input.
    if (c === 0) {
      this.pos = this.end;
      return Tok.EOF;
    }
    return Tok.Invalid;
  }

  // After `#`: `# HELP name text`, `# TYPE name type`, or any other comment. Only `#` followed by
  // blanks can be metadata; the comment token starts at the `#` either way.
  private lexHash(i: number): Token {
    const b = this.body;
    if (!isBlank(b.charCodeAt(i))) return this.comment(i, false);
    do i++;
    while (isBlank(b.charCodeAt(i)));
    const help = b.startsWith('HELP', i);
    if ((help || b.startsWith('TYPE', i)) && isBlank(b.charCodeAt(i + 4))) {
      i += 4;
      do i++;
      while (isBlank(b.charCodeAt(i)));
      this.pos = i;
      this.state = S_META1;
      return help ? Tok.Help : Tok.Type;
    }
    return this.comment(i, true);
  }

  // A comment runs to the end of the line. A NUL in a `#comment` with no blank after `#` ends the
  // input in Prometheus (its lexer is not in comment state yet); after `# ` it is just text.
  private comment(i: number, nulAllowed: boolean): Token {
    const b = this.body;
    for (let c = b.charCodeAt(i); c !== 0x0a; c = b.charCodeAt(++i)) {
      if (c === 0 && !nulAllowed) {
        this.pos = this.end;
        return Tok.EOF;
      }
    }
    this.pos = i;
    this.state = S_INIT;
    return Tok.Comment;
  }

  private lexMetaName(c: number, i: number): Token {
    if (c === 0x22) {
      this.state = S_META2;
      return this.quoted(i, false) ? Tok.MName : Tok.Invalid;
    }
    if (!inClass(c, METRIC_START)) return Tok.Invalid;
    this.pos = this.run(i + 1, METRIC_CHAR);
    this.state = S_META2;
    return Tok.MName;
  }

  // The rest of a metadata line. Blanks before the end of the line are whitespace (promlex.l's
  // tie-break); otherwise the text token keeps its leading separator, which the parser drops.
  private lexMetaText(i: number): Token {
    const b = this.body;
    let j = i;
    while (isBlank(b.charCodeAt(j))) j++;
    if (j > i && b.charCodeAt(j) === 0x0a) {
      this.pos = j;
      return Tok.Whitespace;
    }
    while (b.charCodeAt(j) !== 0x0a) j++;
    this.pos = j;
    this.state = S_INIT;
    return Tok.Text;
  }

  private lexLabels(c: number, i: number): Token {
    if (inClass(c, LABEL_START)) {
      this.pos = this.run(i + 1, LABEL_CHAR);
      return Tok.LName;
    }
    switch (c) {
      case 0x22: return this.quoted(i, false) ? Tok.QString : Tok.Invalid;
      case 0x2c:
        this.pos = i + 1;
        return Tok.Comma;
      case 0x3d:
        this.pos = i + 1;
        this.state = S_LVALUE;
        return Tok.Equal;
      case 0x7d:
        this.pos = i + 1;
        this.state = S_VALUE;
        return Tok.BraceClose;
      default: return Tok.Invalid;
    }
  }

  private lexValue(c: number, i: number): Token {
    if (c === 0x7b) {
      this.pos = i + 1;
      this.state = S_LABELS;
      return Tok.BraceOpen;
    }
    if (c === 0x0a || c === 0) return Tok.Invalid;
    // A value is any run up to a blank, newline, NUL or `{`: Go's ParseFloat judges it later.
    const b = this.body;
    let j = i + 1;
    for (let d = b.charCodeAt(j); d !== 0x20 && d !== 0x0a && d !== 0x09 && d !== 0x7b && d !== 0; d = b.charCodeAt(++j));
    this.pos = j;
    this.state = S_TIMESTAMP;
    return Tok.Value;
  }

  private lexTimestamp(c: number, i: number): Token {
    if (c === 0x0a) {
      this.pos = i + 1;
      this.state = S_INIT;
      return Tok.Linebreak;
    }
    if (!inClass(c, DIGIT)) return Tok.Invalid;
    this.pos = this.run(i + 1, DIGIT);
    return Tok.Timestamp;
  }

  /**
   * A double-quoted string at `i`: any characters (raw newlines included, as in promlex.l) with
   * backslash escaping the next character, which must not be a newline. NUL is only allowed in
   * label values. On failure `pos` is where the scan stopped, which is what errors quote.
   */
  private quoted(i: number, nulAllowed: boolean): boolean {
    const b = this.body;
    const end = this.end;
    this.badUtf8 = false;
    for (let j = i + 1; j < end; j++) {
      let c = b.charCodeAt(j);
      if (c === 0x22) {
        this.pos = j + 1;
        return true;
      }
      if (c === 0x5c) {
        c = b.charCodeAt(++j);
        if (nulAllowed) while (c === 0 && j + 1 < end) c = b.charCodeAt(++j);
        if (c === 0x0a || (c === 0 && !nulAllowed) || j >= end) {
          this.pos = j;
          return false;
        }
      } else if (c === 0 && !nulAllowed) {
        this.pos = j;
        return false;
      }
      if ((c & 0xf800) === 0xd800) {
        // A high surrogate must be followed by a low one; anything else cannot be UTF-8 encoded.
        if (c < 0xdc00 && (b.charCodeAt(j + 1) & 0xfc00) === 0xdc00) j++;
        else this.badUtf8 = true;
      }
    }
    this.pos = end;
    return false;
  }
}
