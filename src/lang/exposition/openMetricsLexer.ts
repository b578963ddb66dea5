/**
 * The tokenizer of the OpenMetrics 1.0 text format: a hand transcription of the automaton golex
 * builds from Prometheus's openmetricslex.l, so that the same bytes are accepted and rejected at
 * the same place and error messages quote the same text. A token is `[start, pos)` of `body`.
 *
 * Three details of the generated Go lexer are kept on purpose, because they decide which bodies
 * Prometheus accepts: past the end of the body it reads the byte 0, which no rule matches; a token
 * at the end of the body leaves `start` where the previous token began (Prometheus's errors quote
 * from there); and inside label values, metadata text and `# KEYWORD` it steps over NUL bytes, so
 * they are allowed there (even, as in Go, right after a closing quote).
 */

/** Token kinds; the numbering is internal, `OM_TOKEN_NAMES` gives Prometheus's spelling. */
export const OmTok = {
  Invalid: 0,
  EOF: 1,
  Linebreak: 2,
  Help: 3,
  Type: 4,
  Unit: 5,
  EOFWord: 6,
  Text: 7,
  Comment: 8,
  MName: 9,
  QString: 10,
  BraceOpen: 11,
  BraceClose: 12,
  LName: 13,
  LValue: 14,
  Comma: 15,
  Equal: 16,
  Timestamp: 17,
  Value: 18,
} as const;

/** Token names as Prometheus prints them in parse errors, indexed by token. */
export const OM_TOKEN_NAMES: readonly string[] = [
  'INVALID', 'EOF', 'LINEBREAK', 'HELP', 'TYPE', 'UNIT', 'EOFWORD', 'TEXT', 'COMMENT', 'MNAME',
  'QSTRING', 'BOPEN', 'BCLOSE', 'LNAME', 'LVALUE', 'COMMA', 'EQUAL', 'TIMESTAMP', 'VALUE',
];

/** Lexer states (golex start conditions): what the previous token allows next. */
export const OmState = {
  Init: 0,
  Comment: 1,
  Meta1: 2,
  Meta2: 3,
  Labels: 4,
  LValue: 5,
  Value: 6,
  Timestamp: 7,
  Exemplar: 8,
  EValue: 9,
  ETimestamp: 10,
} as const;

// Character classes for ASCII as bit flags; every character >= 128 is in none of them.
const METRIC_CHAR = 1; // [a-zA-Z0-9_:]
const LABEL_START = 2; // [a-zA-Z_]
const LABEL_CHAR = 4; // [a-zA-Z0-9_]
const METRIC_START = 8; // [a-zA-Z_:]

const OM_CLASSES = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
  const digit = c >= 0x30 && c <= 0x39;
  if (letter || digit || c === 0x3a) OM_CLASSES[c] |= METRIC_CHAR;
  if (letter || c === 0x3a) OM_CLASSES[c] |= METRIC_START;
  if (letter) OM_CLASSES[c] |= LABEL_START;
  if (letter || digit) OM_CLASSES[c] |= LABEL_CHAR;
}

/** Whether `c` may start a metric name (`[a-zA-Z_:]`). */
export function isMetricStart(c: number): boolean {
  return c < 128 && (OM_CLASSES[c]! & METRIC_START) !== 0;
}

// Whether `c` may continue a metric name (`[a-zA-Z0-9_:]`).
function isMetricChar(c: number): boolean {
  return c < 128 && (OM_CLASSES[c]! & METRIC_CHAR) !== 0;
}

/** Whether `c` may start a label name (`[a-zA-Z_]`). */
export function isLabelStart(c: number): boolean {
  return c < 128 && (OM_CLASSES[c]! & LABEL_START) !== 0;
}

// Whether `c` may continue a label name (`[a-zA-Z0-9_]`).
function isLabelChar(c: number): boolean {
  return c < 128 && (OM_CLASSES[c]! & LABEL_CHAR) !== 0;
}

// `[^ \n]` as golex compiles it: NUL (and so the end of the body) is excluded too.
function isValueChar(c: number): boolean {
  return c !== 0x20 && c !== 0x0a && c !== 0 && c === c;
}

/** Scans one OpenMetrics body; the parser pulls tokens with `lex()`. */
export class OpenMetricsLexer {
  /** One past the last character of `body`. */
  readonly end: number;
  /** Start of the latest token (unchanged by an `EOF` token, as in Go). */
  start = 0;
  /** End of the latest token; for `Invalid`, the character no rule accepted. */
  pos = 0;
  /** The state the next token is lexed in (one of `OmState`). */
  state: number = OmState.Init;

  constructor(readonly body: string) {
    this.end = body.length;
  }

  /** Continues where another lexer over the same body stands (for looking ahead). */
  resumeFrom(other: OpenMetricsLexer): void {
    this.start = other.start;
    this.pos = other.pos;
    this.state = other.state;
  }

  /** Returns the next token, advancing `pos` past it. */
  lex(): number {
    const i = this.pos;
    if (i >= this.end) return OmTok.EOF;
    this.start = i;
    const c = this.body.charCodeAt(i);
    switch (this.state) {
      case OmState.Init: return this.lexInit(c, i);
      case OmState.Meta1: return this.lexMetaName(c, i);
      case OmState.Meta2: return this.lexMetaText(c, i);
      case OmState.Labels: return this.lexLabels(c, i);
      case OmState.LValue:
        return c === 0x22 ? this.quoted(i, OmTok.LValue, OmState.Labels, true, false) : OmTok.Invalid;
      case OmState.Value:
        if (c === 0x7b) return this.single(i, OmTok.BraceOpen, OmState.Labels);
        return c === 0x20 ? this.valueRun(i, OmTok.Value, OmState.Timestamp) : OmTok.Invalid;
      case OmState.Timestamp: return this.lexTimestamp(c, i);
      case OmState.Exemplar: return this.lexExemplar(c, i);
      case OmState.EValue:
        if (c === 0x22) return this.quoted(i, OmTok.LValue, OmState.Exemplar, false, false);
        return c === 0x20 ? this.valueRun(i, OmTok.Value, OmState.ETimestamp) : OmTok.Invalid;
      case OmState.ETimestamp:
        if (c === 0x0a) return this.single(i, OmTok.Linebreak, OmState.Init);
        return c === 0x20 ? this.valueRun(i, OmTok.Timestamp, OmState.ETimestamp) : OmTok.Invalid;
      default: return this.keyword(i);
    }
  }

  /**
   * Moves past a `}` at `at` that the parser found by scanning ahead on its own (its fast path
   * for plain label blocks), leaving the lexer as if it had just returned BraceClose there.
   */
  closeLabelsAt(at: number): void {
    this.start = at;
    this.pos = at + 1;
    this.state = OmState.Value;
  }

  // The character at i, or 0 past the end (Go's lexer reads byte(tEOF), which is 0, there).
  private at(i: number): number {
    return i < this.end ? this.body.charCodeAt(i) : 0;
  }

  // Go's next() in the states that allow NUL: one step, then over any NUL bytes.
  private stepOverNul(i: number): number {
    const b = this.body;
    i++;
    while (i < this.end && b.charCodeAt(i) === 0) i++;
    return i;
  }

  private single(i: number, token: number, state: number): number {
    this.pos = i + 1;
    this.state = state;
    return token;
  }

  private fail(i: number): number {
    this.pos = i;
    return OmTok.Invalid;
  }

  private lexInit(c: number, i: number): number {
    if (isMetricStart(c)) {
      const b = this.body;
      let j = i + 1;
      while (isMetricChar(b.charCodeAt(j))) j++;
      this.pos = j;
      this.state = OmState.Value;
      return OmTok.MName;
    }
    if (c === 0x7b) return this.single(i, OmTok.BraceOpen, OmState.Labels);
    if (c !== 0x23) return OmTok.Invalid;
    // `# ` switches to the keyword state without ending the token, so `start` stays at `#`.
    if (this.at(i + 1) !== 0x20) return this.fail(i + 1);
    this.state = OmState.Comment;
    return this.keyword(i + 2);
  }

  // After `# `: HELP, TYPE, UNIT (each followed by a blank) or EOF (optionally by a newline).
  private keyword(i: number): number {
    const first = this.at(i);
    const word = first === 0x48 ? 'HELP' : first === 0x54 ? 'TYPE' : first === 0x55 ? 'UNIT' : first === 0x45 ? 'EOF' : '';
    if (word === '') return this.fail(i);
    for (let k = 1; k < word.length; k++) {
      i = this.stepOverNul(i);
      if (this.at(i) !== word.charCodeAt(k)) return this.fail(i);
    }
    i = this.stepOverNul(i);
    if (first === 0x45) {
      if (this.at(i) === 0x0a) i = this.stepOverNul(i);
      this.pos = i;
      this.state = OmState.Init;
      return OmTok.EOFWord;
    }
    if (this.at(i) !== 0x20) return this.fail(i);
    this.pos = this.stepOverNul(i);
    this.state = OmState.Meta1;
    return first === 0x48 ? OmTok.Help : first === 0x54 ? OmTok.Type : OmTok.Unit;
  }

  private lexMetaName(c: number, i: number): number {
    if (c === 0x22) return this.quoted(i, OmTok.MName, OmState.Meta2, false, true);
    if (!isMetricStart(c)) return OmTok.Invalid;
    const b = this.body;
    let j = i + 1;
    while (isMetricChar(b.charCodeAt(j))) j++;
    this.pos = j;
    this.state = OmState.Meta2;
    return OmTok.MName;
  }

  // ` text\n`: the token keeps the blank and the newline (and any NUL after it), as in Go.
  private lexMetaText(c: number, i: number): number {
    if (c !== 0x20) return OmTok.Invalid;
    let j = this.stepOverNul(i);
    for (let d = this.at(j); d !== 0x0a; d = this.at(j)) {
      if (d === 0) return this.fail(j);
      j = this.stepOverNul(j);
    }
    this.pos = this.stepOverNul(j);
    this.state = OmState.Init;
    return OmTok.Text;
  }

  private lexLabels(c: number, i: number): number {
    if (isLabelStart(c)) {
      const b = this.body;
      let j = i + 1;
      while (isLabelChar(b.charCodeAt(j))) j++;
      this.pos = j;
      return OmTok.LName;
    }
    switch (c) {
      case 0x22: return this.quoted(i, OmTok.QString, OmState.Labels, false, true);
      case 0x2c: return this.single(i, OmTok.Comma, OmState.Labels);
      case 0x3d: return this.single(i, OmTok.Equal, OmState.LValue);
      case 0x7d: return this.single(i, OmTok.BraceClose, OmState.Value);
      default: return OmTok.Invalid;
    }
  }

  private lexTimestamp(c: number, i: number): number {
    if (c === 0x0a) return this.single(i, OmTok.Linebreak, OmState.Init);
    if (c !== 0x20) return OmTok.Invalid;
    // ` # {` starts an exemplar; ` #` followed by anything else is an ordinary (bad) timestamp,
    // except ` # x`, which no rule matches (golex does not back up to the shorter ` #`).
    if (this.at(i + 1) === 0x23 && this.at(i + 2) === 0x20) {
      if (this.at(i + 3) !== 0x7b) return this.fail(i + 3);
      return this.single(i + 3, OmTok.Comment, OmState.Exemplar);
    }
    return this.valueRun(i, OmTok.Timestamp, OmState.Timestamp);
  }

  private lexExemplar(c: number, i: number): number {
    if (isLabelStart(c)) {
      const b = this.body;
      let j = i + 1;
      while (isLabelChar(b.charCodeAt(j))) j++;
      this.pos = j;
      return OmTok.LName;
    }
    switch (c) {
      case 0x22: return this.quoted(i, OmTok.QString, OmState.Exemplar, false, false);
      case 0x2c: return this.single(i, OmTok.Comma, OmState.Exemplar);
      case 0x3d: return this.single(i, OmTok.Equal, OmState.EValue);
      case 0x7d: return this.single(i, OmTok.BraceClose, OmState.EValue);
      default: return OmTok.Invalid;
    }
  }

  // `{S}[^ \n]+` from the blank at i: a value or timestamp, judged later by the parser.
  private valueRun(i: number, token: number, state: number): number {
    const b = this.body;
    let j = i + 1;
    if (!isValueChar(b.charCodeAt(j))) return this.fail(j);
    do j++;
    while (isValueChar(b.charCodeAt(j)));
    this.pos = j;
    this.state = state;
    return token;
  }

  /**
   * A double-quoted string at `i` with backslash escaping any character but a newline. NUL is
   * only allowed where Go's lexer steps over it (`nulAllowed`), and a raw newline only in quoted
   * metric and label names (`newlineAllowed`), as in openmetricslex.l.
   */
  private quoted(i: number, token: number, state: number, nulAllowed: boolean, newlineAllowed: boolean): number {
    const b = this.body;
    const end = this.end;
    let j = nulAllowed ? this.stepOverNul(i) : i + 1;
    for (;;) {
      let c = j < end ? b.charCodeAt(j) : 0;
      if (c === 0x22) {
        this.pos = nulAllowed ? this.stepOverNul(j) : j + 1;
        this.state = state;
        return token;
      }
      if (c === 0x5c) {
        j = nulAllowed ? this.stepOverNul(j) : j + 1;
        c = j < end ? b.charCodeAt(j) : 0;
        if (c === 0x0a || c === 0) return this.fail(j);
      } else if (c === 0 || (c === 0x0a && !newlineAllowed)) {
        return this.fail(j);
      }
      j = nulAllowed ? this.stepOverNul(j) : j + 1;
    }
  }
}
