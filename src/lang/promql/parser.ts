/**
 * `parseExpr`: PromQL text to syntax tree, failing like Prometheus (`1:9: parse error: ...`).
 * The nearley grammar does the parsing; this module turns its failures into Prometheus's
 * messages and runs the checks Prometheus applies to a parsed tree.
 */
import nearley from 'nearley';
import type { Expr } from './ast.js';
import { checkExpr } from './checker.js';
import grammar from './grammar.generated.js';
import { PromQLLexer } from './lexer.js';
import { ParseFailure, toParseError } from './parseError.js';
import { syntaxFailure } from './syntaxErrors.js';

export { PromQLParseError } from './parseError.js';

const compiled = nearley.Grammar.fromCompiled(grammar);

/** Nearley's failure carries the token it could not accept. */
interface NearleyFailure {
  token?: unknown;
}

/** Parses a PromQL expression; throws PromQLParseError with Prometheus's message and position. */
export function parseExpr(text: string): Expr {
  try {
    const expr = parseTree(text);
    checkExpr(expr);
    return expr;
  } catch (e) {
    if (e instanceof ParseFailure) throw toParseError(text, e);
    throw e;
  }
}

function parseTree(text: string): Expr {
  const lexer = new PromQLLexer();
  const parser = new nearley.Parser(compiled, { lexer });
  try {
    parser.feed(text);
  } catch (e) {
    const failedAt = (e as NearleyFailure).token;
    const index = lexer.tokens.findIndex((t) => t === failedAt);
    if (index < 0) throw e;
    if (lexer.tokens[0]!.type === 'EOF') throw new ParseFailure('no expression found in input', { start: 0, end: 0 });
    throw syntaxFailure(lexer.tokens, index, new TextEncoder().encode(text).length);
  }
  const results = parser.results as Expr[];
  // The grammar is unambiguous and always ends with the EOF token, so there is exactly one tree.
  if (results.length !== 1) throw new Error(`PromQL grammar produced ${results.length} parses for ${JSON.stringify(text)}`);
  return results[0]!;
}
