/** The error every exposition parser throws for a bad scrape body, and Go-style quoting for it. */

/** A scrape body that is not valid exposition format; `line` is 1-based. */
export class ExpositionParseError extends Error {
  constructor(
    readonly line: number,
    readonly detail: string,
  ) {
    super(`line ${line}: ${detail}`);
    this.name = 'ExpositionParseError';
  }
}

/** The 1-based line number of a position in a body (only computed when reporting an error). */
export function lineNumberAt(body: string, pos: number): number {
  let line = 1;
  for (let i = body.indexOf('\n'); i >= 0 && i < pos; i = body.indexOf('\n', i + 1)) line++;
  return line;
}

function hex(c: number, width: number): string {
  return c.toString(16).padStart(width, '0');
}

/**
 * Quotes a string like Go's `%q`, so that messages read like Prometheus's own (whose users grep
 * for them) and so that control characters in a hostile body cannot garble a log line.
 */
export function goQuote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 0x07: out += '\\a'; break;
      case 0x08: out += '\\b'; break;
      case 0x09: out += '\\t'; break;
      case 0x0a: out += '\\n'; break;
      case 0x0b: out += '\\v'; break;
      case 0x0c: out += '\\f'; break;
      case 0x0d: out += '\\r'; break;
      case 0x22: out += '\\"'; break;
      case 0x5c: out += '\\\\'; break;
      default:
        if (c < 0x20 || c === 0x7f) out += '\\x' + hex(c, 2);
        else if (c >= 0x80 && c < 0xa0) out += '\\u' + hex(c, 4);
        else if ((c & 0xfc00) === 0xd800 && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
          out += s[i]! + s[i + 1]!;
          i++;
        } else if ((c & 0xf800) === 0xd800) out += '\\u' + hex(c, 4);
        else out += s[i]!;
    }
  }
  return out + '"';
}
