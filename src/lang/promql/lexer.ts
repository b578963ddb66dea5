/**
 * The PromQL lexer: the token set and error messages of Prometheus 3's lexer, including its
 * context-dependent modes (inside `{...}` keywords are plain identifiers; inside `[...]` only
 * duration expressions are allowed). Positions are UTF-8 byte offsets, like Prometheus's.
 */
import { scanNumberOrDuration, scanQuotedString, scanRawString } from './literalScanner.js';
import { goQuoteRune } from './quoting.js';
import { EOF, LexError, RuneCursor, isAlpha, isAlphaNumeric, isDigit, isSpace } from './runeCursor.js';
import { ALL_TOKEN_TYPES, KEYWORD_BY_WORD, type Token, type TokenType } from './tokens.js';

// Inside brackets only these words exist: the query-context keywords (any case, like all
// keywords) and the two duration functions (exact spelling, like all function names).
const DURATION_KEYWORDS: ReadonlyMap<string, TokenType> = new Map<string, TokenType>([
  ['step', 'STEP'], ['range', 'RANGE'],
]);
const DURATION_FUNCTIONS: ReadonlySet<string> = new Set(['min_of', 'max_of']);

type Mode = 'statements' | 'braces' | 'duration';

/** Scans a whole query into tokens, ending with EOF or with one ERROR token. */
class Scanner extends RuneCursor {
  private parenDepth = 0;
  private braceOpen = false;
  private bracketOpen = false;
  private gotColon = false;
  private gotDuration = false;
  private mode: Mode = 'statements';
  private readonly tokens: Token[] = [];
  private readonly byteOffsets: Int32Array | undefined;
  private line = 1;
  private lineScan = 0;
  private lastBreakByte = -1;

  constructor(input: string) {
    super(input);
    // Byte offsets only differ from string indexes when the query has non-ASCII characters.
    if (/[^\x00-\x7f]/.test(input)) {
      const offsets = new Int32Array(input.length + 1);
      let bytes = 0;
      for (let i = 0; i < input.length; i++) {
        offsets[i] = bytes;
        const c = input.charCodeAt(i);
        // A surrogate pair is one 4-byte code point: count it on the high half.
        bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? 4 : c >= 0xdc00 && c < 0xe000 ? 0 : 3;
      }
      offsets[input.length] = bytes;
      this.byteOffsets = offsets;
    }
  }

  scan(): Token[] {
    try {
      for (;;) {
        if (this.braceOpen) this.lexInsideBraces();
        else if (this.mode === 'duration') this.lexDurationExpr();
        else if (this.lexStatements()) break;
      }
    } catch (e) {
      if (!(e instanceof LexError)) throw e;
      this.push('ERROR', e.at, e.at, e.message);
    }
    return this.tokens;
  }

  private byteAt(index: number): number {
    return this.byteOffsets ? this.byteOffsets[index]! : index;
  }

  private push(type: TokenType, from: number, to: number, value: string): void {
    for (; this.lineScan < from; this.lineScan++) {
      if (this.input.charCodeAt(this.lineScan) === 0x0a) {
        this.line++;
        this.lastBreakByte = this.byteAt(this.lineScan);
      }
    }
    const offset = this.byteAt(from);
    this.tokens.push({ type, value, text: value, offset, end: this.byteAt(to), line: this.line, col: offset - this.lastBreakByte });
  }

  private emit(type: TokenType): void {
    this.push(type, this.start, this.pos, this.pending);
    this.start = this.pos;
  }

  /** Emits a token whose consumption put the lexer in an error state: Prometheus reports past it. */
  private failAfter(type: TokenType, message: string): never {
    this.emit(type);
    this.tokens.pop();
    return this.fail(message);
  }

  private lexComment(): void {
    this.pos++;
    let cp = this.next();
    while (cp !== EOF && cp !== 0x0a && cp !== 0x0d) cp = this.next();
    this.backup();
    this.emit('COMMENT');
  }

  /** Top-level state; returns true at the end of input. */
  private lexStatements(): boolean {
    if (this.input.startsWith('#', this.pos)) {
      this.lexComment();
      return false;
    }
    const r = this.next();
    switch (r) {
      case EOF:
        if (this.parenDepth !== 0) this.fail('unclosed left parenthesis');
        if (this.bracketOpen) this.fail('unclosed left bracket');
        this.emit('EOF');
        return true;
      case 0x2c: this.emit('COMMA'); return false;
      case 0x2a: this.emit('MUL'); return false;
      case 0x2f: this.emit('DIV'); return false;
      case 0x25: this.emit('MOD'); return false;
      case 0x2b: this.emit('ADD'); return false;
      case 0x2d: this.emit('SUB'); return false;
      case 0x5e: this.emit('POW'); return false;
      case 0x40: this.emit('AT'); return false;
      case 0x3d: {
        const t = this.peek();
        if (t === 0x3d) {
          this.next();
          this.emit('EQLC');
        } else if (t === 0x7e) {
          this.fail(`unexpected character after '=': ${goQuoteRune(t)}`);
        } else {
          this.emit('EQL');
        }
        return false;
      }
      case 0x21: {
        const t = this.next();
        if (t !== 0x3d) this.fail(`unexpected character after '!': ${goQuoteRune(t)}`);
        this.emit('NEQ');
        return false;
      }
      case 0x3c:
      case 0x3e: {
        // `</` and `>/` are the native-histogram trim operators.
        if (this.peek() === 0x2f) {
          this.next();
          this.emit(r === 0x3c ? 'TRIM_UPPER' : 'TRIM_LOWER');
          return false;
        }
        const orEqual = this.peek() === 0x3d;
        if (orEqual) this.next();
        this.emit(r === 0x3c ? (orEqual ? 'LTE' : 'LSS') : orEqual ? 'GTE' : 'GTR');
        return false;
      }
      case 0x22:
      case 0x27: this.lexString(r); return false;
      case 0x60: this.lexRawString(); return false;
      case 0x28:
        this.emit('LEFT_PAREN');
        this.parenDepth++;
        return false;
      case 0x29:
        if (--this.parenDepth < 0) this.failAfter('RIGHT_PAREN', `unexpected right parenthesis ${goQuoteRune(r)}`);
        this.emit('RIGHT_PAREN');
        return false;
      case 0x7b:
        this.emit('LEFT_BRACE');
        this.braceOpen = true;
        return false;
      case 0x5b:
        if (this.bracketOpen) this.fail(`unexpected left bracket ${goQuoteRune(r)}`);
        this.gotColon = false;
        this.gotDuration = false;
        this.emit('LEFT_BRACKET');
        this.skipSpaces();
        this.bracketOpen = true;
        this.mode = 'duration';
        return false;
      case 0x5d:
        if (!this.bracketOpen) this.fail(`unexpected right bracket ${goQuoteRune(r)}`);
        this.emit('RIGHT_BRACKET');
        this.bracketOpen = false;
        return false;
    }
    if (isSpace(r)) {
      this.skipSpaces();
      return false;
    }
    if (isDigit(r) || (r === 0x2e && isDigit(this.peek()))) {
      this.backup();
      this.lexNumberOrDuration();
      return false;
    }
    if (isAlpha(r) || r === 0x3a) {
      if (!this.bracketOpen) {
        this.backup();
        this.lexKeywordOrIdentifier();
        return false;
      }
      if (r === 0x3a) {
        if (this.gotColon) this.fail(`unexpected colon ${goQuoteRune(r)}`);
        this.emit('COLON');
        this.gotColon = true;
        return false;
      }
      if (this.scanDurationKeyword()) return false;
      return this.fail(`unexpected character: ${goQuoteRune(r)}, expected ${goQuoteRune(0x3a)}`);
    }
    return this.fail(`unexpected character: ${goQuoteRune(r)}`);
  }

  /** Inside `[...]`: only duration arithmetic, `step()`, `range()`, `min_of(..)`/`max_of(..)` and `:`. */
  private lexDurationExpr(): void {
    const r = this.next();
    switch (r) {
      case EOF: return this.fail('unexpected end of input in duration expression');
      case 0x5d:
        this.emit('RIGHT_BRACKET');
        this.bracketOpen = false;
        this.gotColon = false;
        this.mode = 'statements';
        return;
      case 0x3a:
        if (!this.gotDuration) this.failAfter('COLON', 'unexpected colon before duration in duration expression');
        if (this.gotColon) this.failAfter('COLON', 'unexpected repeated colon in duration expression');
        this.emit('COLON');
        this.gotColon = true;
        return;
      case 0x28:
        this.emit('LEFT_PAREN');
        this.parenDepth++;
        return;
      case 0x29:
        if (--this.parenDepth < 0) this.failAfter('RIGHT_PAREN', `unexpected right parenthesis ${goQuoteRune(r)}`);
        this.emit('RIGHT_PAREN');
        return;
      case 0x2b: this.emit('ADD'); return;
      case 0x2d: this.emit('SUB'); return;
      case 0x2a: this.emit('MUL'); return;
      case 0x2f: this.emit('DIV'); return;
      case 0x25: this.emit('MOD'); return;
      case 0x5e: this.emit('POW'); return;
      case 0x2c: this.emit('COMMA'); return;
    }
    if (isSpace(r)) {
      this.skipSpaces();
      return;
    }
    if (isDigit(r) || (r === 0x2e && isDigit(this.peek()))) {
      this.backup();
      this.gotDuration = true;
      this.lexNumberOrDuration();
      // Like Prometheus, the rest of the brackets is lexed by the top-level state (which still knows a bracket is open).
      this.mode = 'statements';
      return;
    }
    if (this.scanDurationKeyword()) return;
    this.fail(`unexpected character in duration expression: ${goQuoteRune(r)}`);
  }

  /** Inside `{...}` keywords are ordinary label names. */
  private lexInsideBraces(): void {
    if (this.input.startsWith('#', this.pos)) {
      this.lexComment();
      return;
    }
    const r = this.next();
    switch (r) {
      case EOF: return this.fail('unexpected end of input inside braces');
      case 0x2c: this.emit('COMMA'); return;
      case 0x22:
      case 0x27: this.lexString(r); return;
      case 0x60: this.lexRawString(); return;
      case 0x3d:
        if (this.next() === 0x7e) {
          this.emit('EQL_REGEX');
        } else {
          this.backup();
          this.emit('EQL');
        }
        return;
      case 0x21: {
        const t = this.next();
        if (t === 0x7e) this.emit('NEQ_REGEX');
        else if (t === 0x3d) this.emit('NEQ');
        else this.fail(`unexpected character after '!' inside braces: ${goQuoteRune(t)}`);
        return;
      }
      case 0x7b: return this.fail(`unexpected left brace ${goQuoteRune(r)}`);
      case 0x7d:
        this.emit('RIGHT_BRACE');
        this.braceOpen = false;
        return;
    }
    if (isSpace(r)) {
      this.skipSpaces();
      return;
    }
    if (isAlpha(r)) {
      while (isAlphaNumeric(this.next()));
      this.backup();
      this.emit('IDENTIFIER');
      return;
    }
    this.fail(`unexpected character inside braces: ${goQuoteRune(r)}`);
  }

  /** `step`, `range`, `min_of`, `max_of` inside brackets; the first letter has been consumed. */
  private scanDurationKeyword(): boolean {
    while (isAlpha(this.next()));
    this.backup();
    const word = this.input.slice(this.start, this.pos);
    const type = DURATION_KEYWORDS.get(word.toLowerCase()) ?? (DURATION_FUNCTIONS.has(word) ? 'IDENTIFIER' : undefined);
    if (type === undefined) return false;
    this.emit(type);
    return true;
  }

  private lexKeywordOrIdentifier(): void {
    let cp = this.next();
    while (isAlphaNumeric(cp) || cp === 0x3a) cp = this.next();
    this.backup();
    const word = this.input.slice(this.start, this.pos);
    const keyword = KEYWORD_BY_WORD.get(word.toLowerCase());
    this.emit(keyword ?? (word.includes(':') ? 'METRIC_IDENTIFIER' : 'IDENTIFIER'));
  }

  private lexString(quote: number): void {
    scanQuotedString(this, quote);
    this.emit('STRING');
  }

  private lexRawString(): void {
    scanRawString(this);
    this.emit('STRING');
  }

  private lexNumberOrDuration(): void {
    this.emit(scanNumberOrDuration(this));
  }
}

/** Tokenizes a query; comments are included, and the list ends with EOF or a single ERROR token. */
export function tokenize(input: string): Token[] {
  return new Scanner(input).scan();
}

/** Saved position of the nearley lexer (token index). */
export interface LexerState {
  index: number;
}

/**
 * A nearley-compatible lexer over `tokenize`'s output. Comments are skipped, as Prometheus's
 * parser does; the EOF and ERROR tokens are handed to the grammar so that failures are reported
 * at the right token.
 */
export class PromQLLexer {
  private list: Token[] = [];
  private index = 0;

  /** Starts lexing a new chunk (the whole query: PromQL is never fed in pieces). */
  reset(chunk: string, state?: LexerState): void {
    this.list = tokenize(chunk).filter((t) => t.type !== 'COMMENT');
    this.index = state?.index ?? 0;
  }

  /** Every token of the current chunk (comments excluded), for error reporting. */
  get tokens(): readonly Token[] {
    return this.list;
  }

  /** The next token, or undefined after the last. */
  next(): Token | undefined {
    return this.list[this.index++];
  }

  /** The current position, for nearley's `save()`. */
  save(): LexerState {
    return { index: this.index };
  }

  /** Nearley's error formatter; our parser replaces nearley's messages, so this stays short. */
  formatError(token: Token, message?: string): string {
    return `${message ?? 'Syntax error'} at ${token.line}:${token.col}`;
  }

  /** Whether the grammar may refer to a token type as `%NAME`. */
  has(tokenType: string): boolean {
    return ALL_TOKEN_TYPES.has(tokenType);
  }
}
