/**
 * The token-level pieces of the OpenMetrics grammar, with Prometheus's error reporting: label
 * blocks, float values and timestamps read from an OpenMetricsLexer. The parser strings them
 * into lines; keeping them here keeps the line grammar readable.
 */
import { fastDecimal, goFloatToInt64, NumberSyntaxError, parseGoFloat } from './goNumbers.js';
import { OM_TOKEN_NAMES, OmTok, OpenMetricsLexer } from './openMetricsLexer.js';
import { ExpositionParseError, goQuote, lineNumberAt } from './parseError.js';
import { hasLoneSurrogate } from './unicode.js';

/** A lexer plus where the current entry began, which every error message quotes from. */
export class OpenMetricsReader {
  readonly lexer: OpenMetricsLexer;
  /** Start of the current entry's line. */
  entryStart = 0;
  /** The first error; once set, the body is not read any further. */
  failure: ExpositionParseError | undefined = undefined;

  constructor(readonly body: string) {
    this.lexer = new OpenMetricsLexer(body);
  }

  /**
   * The inside of `{...}` after the `{` (Prometheus's parseLVals): appends label offsets to `o`
   * from index `n` and returns the new count. In a series, a bare quoted string is the metric
   * name (into `o[0]`/`o[1]`, which must be -1); an exemplar has no metric name. `checkUtf8`
   * rejects label values with lone surrogates (needed only for bodies that have them).
   */
  labelBlock(o: number[], n: number, exemplar: boolean, checkUtf8: boolean): number {
    const lx = this.lexer;
    const b = this.body;
    let t = lx.lex();
    while (t !== OmTok.BraceClose) {
      if (t !== OmTok.LName && t !== OmTok.QString) throw this.unexpected('expected label name', t);
      let nameStart = lx.start;
      let nameEnd = lx.pos;
      const quoted = b.charCodeAt(nameStart) === 0x22;
      t = lx.lex();
      if (t === OmTok.Comma || t === OmTok.BraceClose) {
        if (exemplar) throw this.unexpected('expected label name', t);
        if (o[0] !== -1 || o[1] !== -1) {
          throw this.fail(lx.start, `metric name already set while parsing: ${goQuote(b.slice(this.entryStart, lx.pos))}`);
        }
        // Prometheus strips two characters from an unquoted name here too (`{abc}` is metric
        // `b`, and `{a}` crashes it); such a line is rejected instead.
        if (!quoted) throw this.unexpected('expected equal', t);
        o[0] = nameStart + 1;
        o[1] = nameEnd - 1;
        if (t === OmTok.Comma) t = lx.lex();
        continue;
      }
      if (quoted) {
        nameStart++;
        nameEnd--;
      }
      if (t !== OmTok.Equal) throw this.unexpected('expected equal', t);
      t = lx.lex();
      if (t !== OmTok.LValue) throw this.unexpected('expected label value', t);
      if (checkUtf8 && hasLoneSurrogate(b, lx.start, lx.pos)) {
        throw this.fail(lx.start, `invalid UTF-8 label value: ${goQuote(b.slice(lx.start, lx.pos))}`);
      }
      o[n] = nameStart;
      o[n + 1] = nameEnd;
      // Without the quotes; as in Go, a NUL stepped over after the closing quote shifts this.
      o[n + 2] = lx.start + 1;
      o[n + 3] = lx.pos - 1;
      n += 4;
      t = lx.lex();
      if (t === OmTok.Comma) t = lx.lex();
      else if (t !== OmTok.BraceClose) throw this.unexpected('expected comma or brace close', t);
    }
    return n;
  }

  /** The value token `t` (a blank, then the number): Prometheus's getFloatValue. */
  floatValue(t: number, after: string): number {
    const lx = this.lexer;
    if (t !== OmTok.Value) throw this.unexpected(`expected value after ${after}`, t);
    const v = fastDecimal(this.body, lx.start + 1, lx.pos);
    return v === v ? v : this.slowFloat();
  }

  /** The current timestamp token: seconds with any fraction, to milliseconds as Prometheus does. */
  timestampMs(exemplar: boolean): number {
    const lx = this.lexer;
    let seconds = fastDecimal(this.body, lx.start + 1, lx.pos);
    if (seconds !== seconds) seconds = this.slowFloat();
    if (seconds !== seconds || seconds === Infinity || seconds === -Infinity) {
      const shown = seconds !== seconds ? 'NaN' : seconds > 0 ? '+Inf' : '-Inf';
      throw this.fail(lx.start, `invalid ${exemplar ? 'exemplar ' : ''}timestamp ${shown}`);
    }
    return goFloatToInt64(seconds * 1000);
  }

  /** Prometheus's parseError: the token (plus the character after it) and the line so far. */
  unexpected(expected: string, t: number): ExpositionParseError {
    const lx = this.lexer;
    const until = Math.min(lx.end, lx.pos + 1);
    const got = this.body.slice(lx.start, until);
    const context = this.body.slice(this.entryStart, until);
    return this.fail(lx.start, `${expected}, got ${goQuote(got)} (${goQuote(OM_TOKEN_NAMES[t]!)}) while parsing: ${goQuote(context)}`);
  }

  /** Records the body's error at the line of `pos` (remembered: a broken body is not trusted). */
  fail(pos: number, detail: string): ExpositionParseError {
    this.failure = new ExpositionParseError(lineNumberAt(this.body, pos), detail);
    return this.failure;
  }

  // The current token after its leading blank, through Go's ParseFloat rules.
  private slowFloat(): number {
    const lx = this.lexer;
    try {
      return parseGoFloat(this.body.slice(lx.start + 1, lx.pos));
    } catch (err) {
      if (!(err instanceof NumberSyntaxError)) throw err;
      throw this.fail(lx.start, `${err.message} while parsing: ${goQuote(this.body.slice(this.entryStart, lx.pos))}`);
    }
  }
}
