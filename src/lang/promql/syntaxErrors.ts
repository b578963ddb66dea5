/**
 * Turns "the grammar could not accept this token" into the message Prometheus shows. Its yacc
 * parser, on an unexpected token, unwinds to the innermost construct that has an error rule and
 * names it: label matching, grouping options, an aggregation, a range/subquery, `offset`, `@`.
 * This module finds that construct from the tokens before the failure and words the message the
 * same way (`unexpected <by> in grouping opts, expected label`); elsewhere it is `unexpected X`.
 */
import type { PositionRange } from './ast.js';
import { ParseFailure } from './parseError.js';
import { describeToken, isAggregator, type Token, type TokenType } from './tokens.js';

// Tokens after which an operand is complete (so a following keyword is a modifier, not a name).
const VALUE_ENDS = new Set<TokenType>([
  'RIGHT_PAREN', 'RIGHT_BRACE', 'RIGHT_BRACKET', 'IDENTIFIER', 'METRIC_IDENTIFIER', 'NUMBER', 'DURATION', 'STRING',
]);

// Keywords that are metric names when they stand where an operand starts.
const NAME_KEYWORDS = new Set<TokenType>([
  'BY', 'WITHOUT', 'OFFSET', 'LAND', 'LOR', 'LUNLESS', 'START', 'END', 'STEP', 'RANGE', 'ANCHORED', 'SMOOTHED',
  'FILL', 'FILL_LEFT', 'FILL_RIGHT',
]);

const GROUPING_KEYWORDS = new Set<TokenType>(['BY', 'WITHOUT', 'ON', 'IGNORING', 'GROUP_LEFT', 'GROUP_RIGHT']);

function endsOperand(t: Token | undefined): boolean {
  return t !== undefined && (VALUE_ENDS.has(t.type) || NAME_KEYWORDS.has(t.type) || isAggregator(t.type));
}

/** An open bracket-like construct, innermost last. */
interface OpenConstruct {
  readonly kind: 'braces' | 'grouping' | 'aggregation' | 'offset' | 'brackets' | 'parens';
  /** Index of the opening token. */
  readonly at: number;
}

// What an opening parenthesis at `i` belongs to.
function parenKind(tokens: readonly Token[], i: number, open: readonly OpenConstruct[]): OpenConstruct['kind'] {
  const prev = tokens[i - 1];
  if (prev === undefined) return 'parens';
  if (GROUPING_KEYWORDS.has(prev.type)) return 'grouping';
  if (isAggregator(prev.type)) return 'aggregation';
  // `sum by (a) (` : the body after a leading by/without clause.
  if (prev.type === 'RIGHT_PAREN') {
    const closed = matchingOpen(tokens, i - 1);
    const keyword = tokens[closed - 1];
    if (keyword !== undefined && (keyword.type === 'BY' || keyword.type === 'WITHOUT') && isAggregator(tokens[closed - 2]?.type ?? 'EOF')) {
      return 'aggregation';
    }
  }
  if (isOffsetOperand(tokens, i - 1) || open.at(-1)?.kind === 'offset') return 'offset';
  return 'parens';
}

function matchingOpen(tokens: readonly Token[], close: number): number {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    if (tokens[i]!.type === 'RIGHT_PAREN') depth++;
    else if (tokens[i]!.type === 'LEFT_PAREN' && --depth === 0) return i;
  }
  return -1;
}

// Whether the token at `i` is an `offset` modifier (or a sign right after one).
function isOffsetOperand(tokens: readonly Token[], i: number): boolean {
  let j = i;
  if (tokens[j]?.type === 'ADD' || tokens[j]?.type === 'SUB') j--;
  return tokens[j]?.type === 'OFFSET' && endsOperand(tokens[j - 1]);
}

// Whether the by/without at `i` follows an aggregation operator or an aggregation's arguments.
function isAggregationClause(tokens: readonly Token[], i: number): boolean {
  const before = tokens[i - 1];
  if (before === undefined) return false;
  if (isAggregator(before.type)) return true;
  return before.type === 'RIGHT_PAREN' && isAggregator(tokens[matchingOpen(tokens, i - 1) - 1]?.type ?? 'EOF');
}

function openConstructs(tokens: readonly Token[], index: number): OpenConstruct[] {
  const open: OpenConstruct[] = [];
  for (let i = 0; i < index; i++) {
    switch (tokens[i]!.type) {
      case 'LEFT_BRACE': open.push({ kind: 'braces', at: i }); break;
      case 'LEFT_BRACKET': open.push({ kind: 'brackets', at: i }); break;
      case 'LEFT_PAREN': open.push({ kind: parenKind(tokens, i, open), at: i }); break;
      case 'RIGHT_BRACE':
      case 'RIGHT_BRACKET':
      case 'RIGHT_PAREN':
        open.pop();
    }
  }
  return open;
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

const DURATION_START = 'number, duration, step(), or range()';

// Inside `[...]`: which part of the range/subquery the failure is in.
function bracketContext(tokens: readonly Token[], open: number, index: number): string {
  let depth = 0;
  let colon = false;
  for (let i = open + 1; i < index; i++) {
    const t = tokens[i]!.type;
    if (t === 'LEFT_PAREN') depth++;
    else if (t === 'RIGHT_PAREN') depth--;
    else if (t === 'COLON' && depth === 0) colon = true;
  }
  const prev = tokens[index - 1]!;
  const complete = depth === 0 && (prev.type === 'NUMBER' || prev.type === 'DURATION' || prev.type === 'RIGHT_PAREN');
  if (!colon) return complete ? 'in subquery or range, expected ":" or "]"' : `in subquery or range selector, expected ${DURATION_START}`;
  if (complete) return 'in subquery selector, expected "]"';
  return 'in subquery selector, expected number, duration, step(), range(), or "]"';
}

// The context of the innermost construct with an error rule, or '' for a plain "unexpected X".
function context(tokens: readonly Token[], index: number): string {
  const prev = tokens[index - 1];
  if (prev !== undefined) {
    if (isOffsetOperand(tokens, index - 1)) return `in offset, expected ${DURATION_START}`;
    if (prev.type === 'AT' && endsOperand(tokens[index - 2])) return 'in @, expected timestamp';
    if ((prev.type === 'START' || prev.type === 'END') && tokens[index - 2]?.type === 'AT') return 'in @, expected timestamp';
    if (prev.type === 'ON' || prev.type === 'IGNORING') return 'in grouping opts, expected "("';
    if ((prev.type === 'BY' || prev.type === 'WITHOUT') && isAggregationClause(tokens, index - 1)) return 'in grouping opts, expected "("';
    // `sum by (a)` must continue with the arguments.
    if (prev.type === 'RIGHT_PAREN') {
      const open = matchingOpen(tokens, index - 1);
      const keyword = tokens[open - 1]?.type;
      if ((keyword === 'BY' || keyword === 'WITHOUT') && isAggregator(tokens[open - 2]?.type ?? 'EOF')) return 'in aggregation';
    }
  }
  const open = openConstructs(tokens, index);
  for (let k = open.length - 1; k >= 0; k--) {
    const c = open[k]!;
    switch (c.kind) {
      case 'braces':
        return `in label matching, expected ${labelMatchingExpectation(prev!)}`;
      case 'grouping':
        return prev!.type === 'LEFT_PAREN' || prev!.type === 'COMMA' ? 'in grouping opts, expected label' : 'in grouping opts, expected "," or ")"';
      case 'brackets':
        return bracketContext(tokens, c.at, index);
      case 'offset':
        return `in offset, expected ${DURATION_START}`;
      case 'aggregation':
        return 'in aggregation';
      case 'parens':
        break;
    }
  }
  return '';
}

/** The failure to report when the grammar rejects `tokens[index]` (`queryBytes` is the query's byte length). */
export function syntaxFailure(tokens: readonly Token[], index: number, queryBytes: number): ParseFailure {
  const tok = tokens[index]!;
  const at: PositionRange = { start: tok.offset, end: tok.end };
  // A lexer error ends the token stream; Prometheus reports it as is, up to the end of the input.
  if (tok.type === 'ERROR') return new ParseFailure(tok.value, { start: tok.offset, end: queryBytes });
  const where = context(tokens, index);
  return new ParseFailure(`unexpected ${describeToken(tok)}${where === '' ? '' : ` ${where}`}`, at);
}
