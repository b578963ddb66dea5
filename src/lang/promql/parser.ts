/**
 * `parseExpr`: PromQL text to syntax tree, failing like Prometheus (`1:9: parse error: ...`).
 * The nearley grammar does the parsing; this module turns its failures into Prometheus's
 * messages, reports the errors found while building the tree, and runs the checks Prometheus
 * applies to a parsed tree.
 */
import nearley from 'nearley';
import type { Expr } from './ast.js';
import { checkExpr } from './checker.js';
import { firstDeferredError, type ParserFeature } from './deferredErrors.js';
import grammar from './grammar.generated.js';
import { PromQLLexer } from './lexer.js';
import { ParseFailure, toParseError } from './parseError.js';
import { syntaxFailure } from './syntaxErrors.js';

export { PromQLParseError } from './parseError.js';

const compiled = nearley.Grammar.fromCompiled(grammar);

/**
 * Opt-in syntax, named after Prometheus's feature flags. Defaults follow Prometheus 3.14:
 * duration expressions are on (the flag is a no-op there), everything else is off.
 */
export interface ParseOptions {
  /** `--enable-feature=promql-experimental-functions`: experimental functions, `limitk`, `limit_ratio`. */
  readonly experimentalFunctions?: boolean;
  /** `--enable-feature=promql-duration-expr`: arithmetic in ranges and offsets (`x[5m * 2]`). */
  readonly durationExpressions?: boolean;
  /** `--enable-feature=promql-extended-range-selectors`: the `anchored` and `smoothed` modifiers. */
  readonly extendedRangeSelectors?: boolean;
  /** `--enable-feature=promql-binop-fill-modifiers`: `fill(v)`, `fill_left(v)`, `fill_right(v)`. */
  readonly binopFillModifiers?: boolean;
}

/** Every opt-in syntax enabled, as the conformance corpus is parsed. */
export const ALL_FEATURES: Required<ParseOptions> = {
  experimentalFunctions: true,
  durationExpressions: true,
  extendedRangeSelectors: true,
  binopFillModifiers: true,
};

function featureEnabled(options: ParseOptions): (feature: ParserFeature) => boolean {
  return (feature) => (feature === 'durationExpressions' ? options.durationExpressions !== false : options[feature] === true);
}

/** Nearley's failure carries the token it could not accept. */
interface NearleyFailure {
  token?: unknown;
}

/** Parses a PromQL expression; throws PromQLParseError with Prometheus's message and position. */
export function parseExpr(text: string, options: ParseOptions = {}): Expr {
  try {
    const expr = parseTree(text);
    const deferred = firstDeferredError(expr, featureEnabled(options));
    if (deferred !== undefined) throw deferred;
    checkExpr(expr, text);
    return expr;
  } catch (e) {
    if (e instanceof ParseFailure) throw toParseError(text, e);
    // Prometheus's Go stacks grow without bound; ours do not, so absurd nesting is refused cleanly.
    if (e instanceof RangeError && /call stack/.test(e.message)) {
      throw toParseError(text, new ParseFailure('expression is nested too deeply', { start: 0, end: 0 }));
    }
    throw e;
  }
}

/**
 * Only the syntax: the tree the grammar builds, without the errors Prometheus reports after
 * building nodes (types, arity, misplaced modifiers). For tools that compare grammars.
 */
export function parseSyntax(text: string): Expr {
  try {
    return parseTree(text);
  } catch (e) {
    if (e instanceof ParseFailure) throw toParseError(text, e);
    throw e;
  }
}

function parseTree(text: string): Expr {
  const lexer = new PromQLLexer();
  const parser = new nearley.Parser(compiled, { lexer });
  // Nearley would describe every expected symbol in its error text; we only need the token.
  (parser as unknown as { reportError: () => string }).reportError = () => '';
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
