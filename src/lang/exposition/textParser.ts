/**
 * The Prometheus text format 0.0.4 pull parser: Prometheus's textparse.PromParser rebuilt over JS
 * strings (a body, or its line-aligned pieces: see expositionBody.ts). It accepts and rejects
 * exactly what Prometheus 3 does (UTF-8 quoted names included), with Prometheus's error wording
 * plus a line number. `next()` allocates nothing for a series
 * line; label text is only decoded when `labels()` is asked for, which a scrape cache keyed by
 * `seriesKey()` avoids in the steady state.
 */
import { isWellFormedUnicode, Labels, METRIC_NAME } from '../../model/labels.js';
import { unescapeHelpText, unescapeLabelValue } from './escapes.js';
import { fastDecimal, NumberSyntaxError, parseGoFloat, parseGoInt64Digits } from './goNumbers.js';
import type { ExpositionBody } from './expositionBody.js';
import { ExpositionParseError, goQuote, lineNumberAt } from './parseError.js';
import { Entry, type EntryType, type ExpositionParser, type TextMetricType } from './expositionParser.js';
import { metricNameEnd, TextLexer, Tok, TOKEN_NAMES, type Token } from './textLexer.js';
import { hasLoneSurrogate } from './unicode.js';

const METRIC_TYPES: ReadonlySet<string> = new Set<TextMetricType>(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

/** Parses one scrape body in the Prometheus text exposition format, entry by entry. */
export class PrometheusTextParser implements ExpositionParser {
  readonly format = 'text';
  private readonly pieces: readonly string[];
  /** The piece being parsed (after a rejoin, the rest of one piece plus the next). */
  private piece = 0;
  private lexer: TextLexer;
  private body: string;
  /** Text before `body` whose newlines are not counted yet: only an error needs its line number. */
  private readonly passedText: string[] = [];
  private linesPassed = 0;
  private failure: ExpositionParseError | undefined;
  private done = false;
  private entry: EntryType = Entry.EOF;

  /** Where the current entry's line began (leading blanks included), for error context. */
  private entryStart = 0;
  private seriesStart = 0;
  private seriesEnd = 0;
  /**
   * `[start, end)` pairs into the body, reused across lines: [0..1] the metric name (-1 until
   * seen), then name and value of each label, quotes excluded and escapes still in place.
   */
  private readonly offsets: number[] = [-1, -1];
  private offsetCount = 2;
  private sampleValue = 0;
  private sampleTimestamp: number | undefined = undefined;

  private familyStart = 0;
  private familyEnd = 0;
  private familyQuoted = false;
  private textStart = 0;
  private textEnd = 0;
  private type: TextMetricType = 'untyped';

  /**
   * Whether plain label blocks may skip the general lexer. A body decoded from bytes is always
   * well-formed (bad UTF-8 becomes U+FFFD), and V8 answers that in O(1) for one-byte strings; only
   * a body with lone surrogates needs every quoted character inspected.
   */
  private plainLabelsAllowed: boolean;
  /** The next `\\` at or after the last plain-label scan position (end when none): found once. */
  private nextBackslash = -1;
  /** The series text the next series line is expected to have (see expectSeries). */
  private expected: string | undefined = undefined;
  /** The current line's series text when it matched `expected` (no slice needed). */
  private matchedText: string | undefined = undefined;
  /** False while a matched line's label offsets are unrecorded (labels() records them on demand). */
  private offsetsRecorded = true;

  constructor(body: ExpositionBody) {
    this.pieces = typeof body === 'string' ? [body] : body;
    this.lexer = new TextLexer(this.pieces[0] ?? '');
    this.body = this.lexer.body;
    this.plainLabelsAllowed = isWellFormedUnicode(this.body);
  }

  /** Takes the scrape cache's guess of the next series text (see ExpositionParser). */
  expectSeries(seriesText: string | undefined): void {
    this.expected = seriesText;
  }

  /** Advances to the next entry; throws ExpositionParseError where Prometheus would fail. */
  next(): EntryType {
    this.entry = Entry.EOF;
    if (this.failure !== undefined) throw this.failure;
    if (this.done) return Entry.EOF;
    try {
      return (this.entry = this.advance());
    } catch (e) {
      if (e !== this.failure || !this.brokeAtPieceEnd()) throw e;
      // The line runs on into the next piece (a raw newline inside quotes): parse it again whole.
      this.failure = undefined;
      this.startBody(this.body.slice(this.entryStart) + this.pieces[++this.piece]!, this.entryStart);
      return this.next();
    }
  }

  // Whether the failed entry's scan ran into the end of a piece that is not the last.
  private brokeAtPieceEnd(): boolean {
    return this.lexer.pos >= this.lexer.end && this.piece + 1 < this.pieces.length;
  }

  // Continues in `text`, after the first `passed` characters of the current body.
  private startBody(text: string, passed: number): void {
    this.passedText.push(passed === this.body.length ? this.body : this.body.slice(0, passed));
    this.lexer = new TextLexer(text);
    this.body = this.lexer.body;
    this.plainLabelsAllowed = isWellFormedUnicode(this.body);
    this.nextBackslash = -1;
  }

  // The 1-based line of a position in the current body, counted from the start of the whole body.
  private lineAt(pos: number): number {
    for (const text of this.passedText) this.linesPassed += lineNumberAt(text, text.length) - 1;
    this.passedText.length = 0;
    return this.linesPassed + lineNumberAt(this.body, pos);
  }

  /** Whether the latest entry is a series. */
  isSeries(): boolean {
    return this.entry === Entry.Series;
  }

  private advance(): EntryType {
    const lx = this.lexer;
    for (;;) {
      if (lx.pos >= lx.end && this.piece + 1 < this.pieces.length) {
        this.startBody(this.pieces[++this.piece]!, lx.pos);
        return this.advance();
      }
      this.entryStart = lx.pos;
      this.offsetCount = 2;
      this.matchedText = undefined;
      this.offsetsRecorded = true;
      if (this.plainSeriesLine()) return Entry.Series;
      let t = this.token();
      switch (t) {
        case Tok.EOF:
          this.done = true;
          return Entry.EOF;
        case Tok.Linebreak:
          continue; // blank lines are allowed
        case Tok.Help:
        case Tok.Type:
          return this.metadata(t);
        case Tok.Comment:
          this.textStart = lx.start;
          this.textEnd = lx.pos;
          t = this.token();
          if (t !== Tok.Linebreak) throw this.unexpected('linebreak expected after comment', t);
          return Entry.Comment;
        case Tok.BraceOpen:
          // `{"metric.name", label="v"}`: the name must turn up inside the braces.
          this.seriesStart = lx.start;
          this.offsets[0] = -1;
          this.offsets[1] = -1;
          this.labelBlock();
          this.seriesEnd = lx.pos;
          return this.sample(this.token());
        case Tok.MName:
          this.seriesStart = lx.start;
          this.offsets[0] = lx.start;
          this.offsets[1] = lx.pos;
          this.seriesEnd = lx.pos;
          t = this.token();
          if (t === Tok.BraceOpen) {
            this.labelBlock();
            this.seriesEnd = lx.pos;
            t = this.token();
          }
          return this.sample(t);
        default:
          throw this.unexpected('expected a valid start token', t);
      }
    }
  }

  /**
   * Series: the metric name and label block exactly as written (blanks inside the braces
   * included). It is a slice of the body, so V8 may keep the whole body alive while the key is
   * referenced; a long-lived cache is bounded by the bodies that introduced its keys.
   */
  seriesKey(): string {
    return this.matchedText ?? this.body.slice(this.seriesStart, this.seriesEnd);
  }

  /**
   * Series: the label set with `__name__`, decoded now. Throws for what Prometheus rejects when it
   * appends the sample (a repeated or empty label name, an empty metric name), so a caller that
   * caches by `seriesKey()` rejects the line on first sight just as Prometheus would.
   */
  labels(): Labels {
    if (!this.offsetsRecorded) this.recordOffsets();
    const b = this.body;
    const o = this.offsets;
    const metricName = unescapeLabelValue(b.slice(o[0]!, o[1]!));
    if (metricName === '') throw this.labelError(`metric name must not be empty in ${goQuote(this.seriesKey())}`);
    const names: string[] = [METRIC_NAME];
    const values: string[] = [metricName];
    for (let k = 2; k < this.offsetCount; k += 4) {
      const name = unescapeLabelValue(b.slice(o[k]!, o[k + 1]!));
      const value = unescapeLabelValue(b.slice(o[k + 2]!, o[k + 3]!));
      if (names.includes(name)) {
        throw this.labelError(`label name ${goQuote(name)} is not unique in ${goQuote(this.seriesKey())}`);
      }
      if (name === '' && value !== '') {
        throw this.labelError(`empty label name in ${goQuote(this.seriesKey())}`);
      }
      names.push(name);
      values.push(value);
    }
    return Labels.fromPairs(names, values);
  }

  /** Series: the sample value (a `NaN` sample is an ordinary NaN, never the staleness marker). */
  value(): number {
    return this.sampleValue;
  }

  /** Series: the timestamp in milliseconds, or undefined when the line has none. */
  timestamp(): number | undefined {
    return this.sampleTimestamp;
  }

  /** Type/Help: the metric family name, with quotes removed and escapes decoded. */
  metricFamily(): string {
    const name = this.body.slice(this.familyStart, this.familyEnd);
    return this.familyQuoted ? unescapeLabelValue(name) : name;
  }

  /** Type: the declared type. */
  metricType(): TextMetricType {
    return this.type;
  }

  /** Help: the help text with `\\` and `\n` decoded. */
  helpText(): string {
    return unescapeHelpText(this.body.slice(this.textStart, this.textEnd));
  }

  /** Comment: the whole comment line from `#`. */
  comment(): string {
    return this.body.slice(this.textStart, this.textEnd);
  }

  /** The text format has no `# UNIT` lines: always empty. */
  unit(): string {
    return '';
  }

  /** The text format has no exemplars. */
  exemplar(): undefined {
    return undefined;
  }

  /** The text format has no `_created` convention (Prometheus's PromParser returns none too). */
  createdTimestamp(): undefined {
    return undefined;
  }

  // Skips blanks between tokens, as PromParser.nextToken does.
  private token(): Token {
    let t: Token;
    do t = this.lexer.lex();
    while (t === Tok.Whitespace);
    return t;
  }

  private metadata(kind: Token): EntryType {
    const lx = this.lexer;
    const keyword = TOKEN_NAMES[kind]!;
    let t = this.token();
    if (t !== Tok.MName) throw this.unexpected(`expected metric name after ${keyword}`, t);
    this.familyQuoted = this.body.charCodeAt(lx.start) === 0x22;
    this.familyStart = this.familyQuoted ? lx.start + 1 : lx.start;
    this.familyEnd = this.familyQuoted ? lx.pos - 1 : lx.pos;
    t = this.token();
    if (t !== Tok.Text) throw this.fail(lx.start, `expected text in ${keyword}, got ${TOKEN_NAMES[t]}`);
    // The text token starts at the separator after the name; Prometheus drops that one character.
    this.textStart = lx.pos - lx.start > 1 ? lx.start + 1 : lx.pos;
    this.textEnd = lx.pos;
    if (kind === Tok.Type) {
      const type = this.body.slice(this.textStart, this.textEnd);
      if (!METRIC_TYPES.has(type)) throw this.fail(lx.start, `invalid metric type ${goQuote(type)}`);
      this.type = type as TextMetricType;
    } else if (hasLoneSurrogate(this.body, this.textStart, this.textEnd)) {
      const text = this.body.slice(this.textStart, this.textEnd);
      throw this.fail(lx.start, `help text ${goQuote(text)} is not a valid utf8 string`);
    }
    t = this.token();
    if (t !== Tok.Linebreak) throw this.unexpected('linebreak expected after metadata', t);
    return kind === Tok.Type ? Entry.Type : Entry.Help;
  }

  // The inside of `{...}`, after the `{`: PromParser.parseLVals, recording offsets as it goes.
  private labelBlock(): void {
    const lx = this.lexer;
    const o = this.offsets;
    if (this.plainLabelsAllowed && this.plainLabels()) return;
    let t = this.token();
    for (;;) {
      if (t === Tok.BraceClose) return;
      if (t !== Tok.LName && t !== Tok.QString) throw this.unexpected('expected label name', t);
      const quoted = t === Tok.QString;
      const nameStart = quoted ? lx.start + 1 : lx.start;
      const nameEnd = quoted ? lx.pos - 1 : lx.pos;
      if (quoted && lx.badUtf8) throw this.fail(lx.start, `invalid UTF-8 label name: ${goQuote(this.body.slice(lx.start, lx.pos))}`);
      t = this.token();
      if (quoted && (t === Tok.Comma || t === Tok.BraceClose)) {
        // A bare quoted string is the metric name, wherever it stands in the braces.
        if (o[0] !== -1) {
          throw this.fail(lx.start, `metric name already set while parsing: ${goQuote(this.body.slice(this.entryStart, lx.pos))}`);
        }
        o[0] = nameStart;
        o[1] = nameEnd;
        if (t === Tok.BraceClose) return;
        t = this.token();
        continue;
      }
      if (t !== Tok.Equal) throw this.unexpected('expected equal', t);
      t = this.token();
      if (t !== Tok.LValue) throw this.unexpected('expected label value', t);
      if (lx.badUtf8) throw this.fail(lx.start, `invalid UTF-8 label value: ${goQuote(this.body.slice(lx.start, lx.pos))}`);
      let n = this.offsetCount;
      o[n++] = nameStart;
      o[n++] = nameEnd;
      o[n++] = lx.start + 1;
      o[n++] = lx.pos - 1;
      this.offsetCount = n;
      // A trailing comma is allowed, and so (as in Prometheus, probably by accident) is none at all.
      t = this.token();
      if (t === Tok.Comma) t = this.token();
    }
  }

  /**
   * The fast path for the label block nearly every exporter writes: `name="value"` pairs joined
   * by single commas, with no blanks, quoted names or backslashes. It finds each closing quote
   * with indexOf instead of lexing character by character. Anything else makes it stop at the
   * start of the current pair and return false; the general path then resumes from there, so
   * what is accepted or rejected (and every message) stays that of the general path.
   */
  private plainLabels(): boolean {
    const b = this.body;
    const o = this.offsets;
    const lx = this.lexer;
    let i = lx.pos;
    let n = this.offsetCount;
    for (;;) {
      let c = b.charCodeAt(i);
      if (c === 0x7d) {
        this.offsetCount = n;
        lx.closeLabelsAt(i);
        return true;
      }
      const pairStart = i;
      while ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || (c >= 0x30 && c <= 0x39 && i > pairStart)) {
        c = b.charCodeAt(++i);
      }
      // Only search for the closing quote once `name="` is certain, so a bail-out never scans far.
      const close = i > pairStart && c === 0x3d && b.charCodeAt(i + 1) === 0x22 ? b.indexOf('"', i + 2) : -1;
      if (close < 0 || this.backslashBefore(i + 2, close)) {
        this.offsetCount = n;
        lx.pos = pairStart;
        return false;
      }
      c = b.charCodeAt(close + 1);
      if (c !== 0x2c && c !== 0x7d) {
        this.offsetCount = n;
        lx.pos = pairStart;
        return false;
      }
      o[n] = pairStart;
      o[n + 1] = i;
      o[n + 2] = i + 2;
      o[n + 3] = close;
      n += 4;
      i = c === 0x2c ? close + 2 : close + 1;
    }
  }

  /**
   * The fast path for the series line nearly every exporter writes: `name{plain labels} value`
   * and an optional timestamp, separated by single spaces, the value a plain decimal. It scans
   * the line directly instead of token by token. Anything else returns false with nothing
   * consumed, and the general path parses the line, so what is accepted or rejected (and every
   * message) stays that of the general path.
   */
  private plainSeriesLine(): boolean {
    const lx = this.lexer;
    const b = this.body;
    // Like the plain label path, only for well-formed bodies: one flag then turns both off.
    if (!this.plainLabelsAllowed) return false;
    const start = lx.pos;
    let i = this.expectedEnd(start);
    let c: number;
    if (i < 0) {
      i = metricNameEnd(b, start);
      if (i === start) return false;
      const o = this.offsets;
      o[0] = start;
      o[1] = i;
      c = b.charCodeAt(i);
      if (c === 0x7b) {
        lx.pos = i + 1;
        if (!this.plainLabels()) return this.notPlain(start);
        i = lx.pos;
        c = b.charCodeAt(i);
      }
      if (c !== 0x20) return this.notPlain(start);
    }
    this.seriesStart = start;
    this.seriesEnd = i;
    const valueStart = ++i;
    // The value runs to a blank, newline, NUL or `{`, as the lexer scans it; only a space or a
    // newline may end a plain one.
    for (c = b.charCodeAt(i); c !== 0x20 && c !== 0x0a && c !== 0x09 && c !== 0x7b && c !== 0; c = b.charCodeAt(++i));
    if (i === valueStart || (c !== 0x20 && c !== 0x0a)) return this.notPlain(start);
    const value = fastDecimal(b, valueStart, i);
    if (value !== value) return this.notPlain(start);
    let timestamp: number | undefined;
    if (c === 0x20) {
      const timestampStart = ++i;
      for (c = b.charCodeAt(i); c >= 0x30 && c <= 0x39; c = b.charCodeAt(++i));
      if (c !== 0x0a || i === timestampStart || i - timestampStart > 15) return this.notPlain(start);
      timestamp = digitsValue(b, timestampStart, i);
    }
    this.sampleValue = value;
    this.sampleTimestamp = timestamp;
    lx.startLineAt(i + 1);
    return true;
  }

  /**
   * Where the series text ends when the line starts with the expected one followed by a space,
   * else -1. The expected text was a whole series text for a parser of this format, so the same
   * characters lex to the same tokens and the same label block: only what follows can differ
   * (a name-only text followed by ` {` has a label block after all; the value scan rejects it).
   */
  private expectedEnd(start: number): number {
    const expected = this.expected;
    if (expected === undefined) return -1;
    const end = start + expected.length;
    // A slice and === (a memcmp) is several times faster than startsWith or a charCodeAt loop.
    if (this.body.charCodeAt(end) !== 0x20 || this.body.slice(start, end) !== expected) return -1;
    this.matchedText = expected;
    this.offsetsRecorded = false;
    return end;
  }

  // The fast path gave up: back to the start of the line, for the general path.
  private notPlain(lineStart: number): false {
    this.offsetCount = 2;
    this.matchedText = undefined;
    this.offsetsRecorded = true;
    this.lexer.startLineAt(lineStart);
    return false;
  }

  // A line matched the expected series text without its label block being scanned: scan a copy
  // of the text alone and shift what it found to where the text stands in the body.
  private recordOffsets(): void {
    const alone = new PrometheusTextParser(`${this.matchedText!} 0\n`);
    alone.next();
    for (let k = 0; k < alone.offsetCount; k++) this.offsets[k] = alone.offsets[k]! + this.seriesStart;
    this.offsetCount = alone.offsetCount;
    this.offsetsRecorded = true;
  }

  // Whether a backslash lies in [from, to); amortised O(1) because scans only move forward.
  private backslashBefore(from: number, to: number): boolean {
    if (this.nextBackslash < from) {
      const next = this.body.indexOf('\\', from);
      this.nextBackslash = next < 0 ? this.body.length : next;
    }
    return this.nextBackslash < to;
  }

  // What follows the series: value, optional timestamp, end of line (PromParser.parseMetricSuffix).
  private sample(t: Token): EntryType {
    const lx = this.lexer;
    if (this.offsets[0] === -1) {
      throw this.fail(lx.start, `metric name not set while parsing: ${goQuote(this.body.slice(this.entryStart, lx.pos))}`);
    }
    if (t !== Tok.Value) throw this.unexpected('expected value after metric', t);
    const v = fastDecimal(this.body, lx.start, lx.pos);
    this.sampleValue = v === v ? v : this.slowNumber(false);
    this.sampleTimestamp = undefined;
    t = this.token();
    if (t === Tok.Timestamp) {
      this.sampleTimestamp = lx.pos - lx.start <= 15 ? digitsValue(this.body, lx.start, lx.pos) : this.slowNumber(true);
      t = this.token();
      if (t !== Tok.Linebreak) throw this.unexpected('expected next entry after timestamp', t);
    } else if (t !== Tok.Linebreak) {
      throw this.unexpected('expected timestamp or new record', t);
    }
    return Entry.Series;
  }

  // Values the fast path declined (specials, long mantissas, errors) and long timestamps.
  private slowNumber(timestamp: boolean): number {
    const lx = this.lexer;
    const text = this.body.slice(lx.start, lx.pos);
    try {
      return timestamp ? parseGoInt64Digits(text) : parseGoFloat(text);
    } catch (err) {
      if (!(err instanceof NumberSyntaxError)) throw err;
      throw this.fail(lx.start, `${err.message} while parsing: ${goQuote(this.body.slice(this.entryStart, lx.pos))}`);
    }
  }

  // PromParser.parseError: the token (plus the character after it) and the line so far.
  private unexpected(expected: string, t: Token): ExpositionParseError {
    const lx = this.lexer;
    const until = Math.min(lx.end, lx.pos + 1);
    const got = this.body.slice(Math.min(lx.start, until), until);
    const context = this.body.slice(this.entryStart, until);
    return this.fail(lx.start, `${expected}, got ${goQuote(got)} (${goQuote(TOKEN_NAMES[t]!)}) while parsing: ${goQuote(context)}`);
  }

  // Not remembered as a failure: labels() is a query about one line, and the caller decides.
  private labelError(detail: string): ExpositionParseError {
    return new ExpositionParseError(this.lineAt(this.seriesStart), detail);
  }

  // Remembered, so that next() keeps throwing it: the rest of a broken body is never trusted.
  private fail(pos: number, detail: string): ExpositionParseError {
    this.failure = new ExpositionParseError(this.lineAt(pos), detail);
    return this.failure;
  }
}

function digitsValue(body: string, start: number, end: number): number {
  let v = 0;
  for (let i = start; i < end; i++) v = v * 10 + (body.charCodeAt(i) - 0x30);
  return v;
}
