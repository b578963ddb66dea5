/**
 * Parse errors in Prometheus's form: `<line>:<column>: parse error: <detail>`, where the column
 * counts bytes from the start of the line (1-based), as Prometheus's API and tools show it.
 */
import type { PositionRange } from './ast.js';

/** A syntax or semantic error found while parsing a query. */
export class PromQLParseError extends Error {
  override readonly name = 'PromQLParseError';

  constructor(
    /** The problem without the position prefix, e.g. `unexpected end of input`. */
    readonly detail: string,
    /** Where in the query (byte offsets). */
    readonly position: PositionRange,
    /** `line:column` of the start, or `unknown position` for an empty query. */
    readonly location: string,
    /** @deprecated Never set: the parser covers the whole language. Kept so that older callers compile. */
    readonly unsupported?: string,
  ) {
    super(`${location}: parse error: ${detail}`);
  }
}

/** Thrown inside the parser with a position only; `parseExpr` turns it into a PromQLParseError. */
export class ParseFailure {
  constructor(
    readonly detail: string,
    readonly position: PositionRange,
    readonly unsupported?: string,
  ) {}
}

/** `line:column` (1-based, column in bytes) of a byte offset, like Prometheus's StartPosInput. */
export function describePosition(query: string, byteOffset: number): string {
  if (query === '') return 'unknown position';
  const bytes = new TextEncoder().encode(query);
  if (byteOffset < 0 || byteOffset > bytes.length) return 'invalid position';
  let line = 1;
  let lastBreak = -1;
  for (let i = 0; i < byteOffset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lastBreak = i;
    }
  }
  return `${line}:${byteOffset - lastBreak}`;
}

/** Builds the public error from an internal failure. */
export function toParseError(query: string, failure: ParseFailure): PromQLParseError {
  return new PromQLParseError(failure.detail, failure.position, describePosition(query, failure.position.start), failure.unsupported);
}
