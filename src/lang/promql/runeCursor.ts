/**
 * Reading a query one code point at a time, with the one-rune backup and character classes
 * Prometheus's lexer is written against (identifiers and digits are ASCII-only there).
 */

/** The code point `next()` returns at the end of input. */
export const EOF = -1;

/** Whether a code point is PromQL whitespace. */
export function isSpace(cp: number): boolean {
  return cp === 0x20 || cp === 0x09 || cp === 0x0a || cp === 0x0d;
}

/** Whether a code point is an ASCII digit (Prometheus deliberately ignores non-Latin digits). */
export function isDigit(cp: number): boolean {
  return cp >= 0x30 && cp <= 0x39;
}

/** Whether a code point may start an identifier: ASCII letter or underscore. */
export function isAlpha(cp: number): boolean {
  return cp === 0x5f || (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a);
}

/** Whether a code point may continue an identifier. */
export function isAlphaNumeric(cp: number): boolean {
  return isAlpha(cp) || isDigit(cp);
}

/** Thrown to stop scanning; the scanner turns it into the final ERROR token. */
export class LexError {
  constructor(
    readonly message: string,
    readonly at: number,
  ) {}
}

/** A position in the input with Prometheus's lexer primitives (`next`, `backup`, `accept`, …). */
export class RuneCursor {
  /** Current position (string index). */
  pos = 0;
  /** Start of the token being scanned (string index). */
  start = 0;
  private width = 0;

  constructor(readonly input: string) {}

  /** Consumes and returns the next code point, or EOF. */
  next(): number {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const cp = this.input.codePointAt(this.pos)!;
    this.width = cp > 0xffff ? 2 : 1;
    this.pos += this.width;
    return cp;
  }

  /** The next code point without consuming it. */
  peek(): number {
    const cp = this.next();
    this.backup();
    return cp;
  }

  /** Steps back over the code point `next()` returned (once per `next()`). */
  backup(): void {
    this.pos -= this.width;
  }

  /** Consumes the next code point if it is one of `valid`. */
  accept(valid: string): boolean {
    const cp = this.next();
    if (cp !== EOF && valid.includes(String.fromCodePoint(cp))) return true;
    this.backup();
    return false;
  }

  /** Whether the next code point is one of `valid`. */
  is(valid: string): boolean {
    const cp = this.peek();
    return cp !== EOF && valid.includes(String.fromCodePoint(cp));
  }

  /** Skips whitespace and starts the next token after it. */
  skipSpaces(): void {
    while (isSpace(this.peek())) this.next();
    this.start = this.pos;
  }

  /** The text of the token being scanned. */
  get pending(): string {
    return this.input.slice(this.start, this.pos);
  }

  /** Stops scanning with a lexer error located at the start of the current token. */
  fail(message: string): never {
    throw new LexError(message, this.start);
  }
}
