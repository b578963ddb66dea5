/**
 * The parser's view of the token stream: Go's parse.Tree keeps a three-token look-ahead with
 * explicit push-back (backup2/backup3), and the parser's decisions (and so its error messages)
 * depend on exactly that, so it is reproduced as is. Nested parsers (define, block) share the
 * cursor, as Go's share the lexer.
 */
import type { Item } from './items.js';

/** Tokens with Go's look-ahead and push-back. */
export class TokenBuffer {
  private readonly token: Item[] = [];
  private peekCount = 0;

  constructor(
    protected readonly items: readonly Item[],
    protected readonly cursor: { index: number },
  ) {}

  /** The most recently lexed token (what Go's error lines refer to). */
  protected latest(): Item {
    return this.token[0]!;
  }

  private lexNext(): Item {
    const item = this.items[Math.min(this.cursor.index, this.items.length - 1)]!;
    if (this.cursor.index < this.items.length) this.cursor.index++;
    return item;
  }

  /** Consumes a token. */
  protected next(): Item {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = this.lexNext();
    return this.token[this.peekCount]!;
  }

  /** Pushes the last token back. */
  protected backup(): void {
    this.peekCount++;
  }

  /** Pushes back two tokens: `t1` and the latest. */
  protected backup2(t1: Item): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }

  /** Pushes back three tokens: `t2`, `t1` and the latest. */
  protected backup3(t2: Item, t1: Item): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }

  /** The next token without consuming it. */
  protected peek(): Item {
    if (this.peekCount > 0) return this.token[this.peekCount - 1]!;
    this.peekCount = 1;
    this.token[0] = this.lexNext();
    return this.token[0];
  }

  /** Consumes tokens up to and including the next one that is not a space. */
  protected nextNonSpace(): Item {
    let token: Item;
    do token = this.next();
    while (token.type === 'space');
    return token;
  }

  /** The next token that is not a space, without consuming it. */
  protected peekNonSpace(): Item {
    const token = this.nextNonSpace();
    this.backup();
    return token;
  }
}
