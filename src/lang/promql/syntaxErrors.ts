/**
 * Turns "the grammar could not accept this token" into the message a user should see: the
 * lexer's own error, Prometheus's `unexpected ...` wording (with the label-matching context
 * Prometheus adds inside braces), or, for valid PromQL this parser does not cover yet, the
 * name of the missing construct.
 */
import type { PositionRange } from './ast.js';
import { ParseFailure } from './parseError.js';
import { describeToken, isAggregator, type Token, type TokenType } from './tokens.js';

const BINARY_OPERATORS = new Set<TokenType>([
  'ADD', 'SUB', 'MUL', 'DIV', 'MOD', 'POW', 'ATAN2', 'EQLC', 'NEQ', 'GTR', 'GTE', 'LSS', 'LTE', 'LAND', 'LOR', 'LUNLESS',
]);

// Keywords that may also be metric names: once accepted by the grammar, they ended a selector.
const NAME_KEYWORDS = new Set<TokenType>([
  'BY', 'WITHOUT', 'OFFSET', 'LAND', 'LOR', 'LUNLESS', 'START', 'END', 'STEP', 'RANGE', 'ANCHORED', 'SMOOTHED',
  'FILL', 'FILL_LEFT', 'FILL_RIGHT',
]);

const VALUE_ENDS = new Set<TokenType>([
  'RIGHT_PAREN', 'RIGHT_BRACE', 'RIGHT_BRACKET', 'IDENTIFIER', 'METRIC_IDENTIFIER', 'NUMBER', 'DURATION', 'STRING',
]);

const OPERAND_STARTS = new Set<TokenType>(['LEFT_PAREN', 'LEFT_BRACE', 'IDENTIFIER', 'METRIC_IDENTIFIER', 'STRING']);

function endsExpression(t: Token | undefined): boolean {
  return t !== undefined && (VALUE_ENDS.has(t.type) || NAME_KEYWORDS.has(t.type) || isAggregator(t.type));
}

function startsOperand(t: Token): boolean {
  return OPERAND_STARTS.has(t.type) || NAME_KEYWORDS.has(t.type) || isAggregator(t.type);
}

/** The construct of the full language that `tok` begins, when the grammar does not cover it yet. */
function unsupportedConstruct(tokens: readonly Token[], index: number): string | undefined {
  const tok = tokens[index]!;
  const prev = tokens[index - 1];
  if (prev !== undefined && isAggregator(prev.type) && (tok.type === 'LEFT_PAREN' || tok.type === 'BY' || tok.type === 'WITHOUT')) {
    return 'aggregations';
  }
  if (tok.type === 'LEFT_PAREN' && prev?.type === 'IDENTIFIER') return 'function calls';
  if (tok.type === 'LEFT_PAREN' && (prev?.type === 'STEP' || prev?.type === 'RANGE')) return 'duration expressions';
  if (!endsExpression(prev)) {
    // A sign in operand position followed by something other than a number.
    const signed = prev !== undefined && (prev.type === 'ADD' || prev.type === 'SUB') && !endsExpression(tokens[index - 2]);
    return signed && startsOperand(tok) ? 'unary operators on expressions other than number literals' : undefined;
  }
  switch (tok.type) {
    case 'LEFT_BRACKET': return 'range selectors and subqueries';
    case 'OFFSET': return 'offset modifiers';
    case 'AT': return '@ modifiers';
    case 'ANCHORED':
    case 'SMOOTHED': return 'anchored/smoothed modifiers';
  }
  return BINARY_OPERATORS.has(tok.type) ? 'binary operators' : undefined;
}

// Prometheus's contexts for errors between `{` and `}`, keyed by what came before.
function labelMatchingExpectation(prev: Token): string {
  switch (prev.type) {
    case 'LEFT_BRACE':
    case 'COMMA': return 'identifier or "}"';
    case 'IDENTIFIER': return 'label matching operator';
    case 'EQL':
    case 'NEQ':
    case 'EQL_REGEX':
    case 'NEQ_REGEX': return 'string';
  }
  return '"," or "}"';
}

function insideBraces(tokens: readonly Token[], index: number): boolean {
  let open = false;
  for (let i = 0; i < index; i++) {
    if (tokens[i]!.type === 'LEFT_BRACE') open = true;
    else if (tokens[i]!.type === 'RIGHT_BRACE') open = false;
  }
  return open;
}

/** The failure to report when the grammar rejects `tokens[index]` (`queryBytes` is the query's byte length). */
export function syntaxFailure(tokens: readonly Token[], index: number, queryBytes: number): ParseFailure {
  const tok = tokens[index]!;
  const at: PositionRange = { start: tok.offset, end: tok.end };
  // A lexer error ends the token stream; Prometheus reports it as is, up to the end of the input.
  if (tok.type === 'ERROR') return new ParseFailure(tok.value, { start: tok.offset, end: queryBytes });
  if (insideBraces(tokens, index)) {
    return new ParseFailure(`unexpected ${describeToken(tok)} in label matching, expected ${labelMatchingExpectation(tokens[index - 1]!)}`, at);
  }
  const construct = unsupportedConstruct(tokens, index);
  if (construct !== undefined) return new ParseFailure(`not implemented yet: ${construct}`, at, construct);
  return new ParseFailure(`unexpected ${describeToken(tok)}`, at);
}
