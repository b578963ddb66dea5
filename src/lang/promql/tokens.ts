/**
 * The PromQL token vocabulary. Token type names follow Prometheus's lexer item names so that the
 * grammar reads like upstream's and error messages describe tokens exactly as Prometheus does.
 */
import { firstCodePoints, goQuote } from './quoting.js';

/** Arithmetic, comparison, set and matching operators (Prometheus prints them as `<op:+>`). */
export const OPERATOR_TYPES = [
  'ADD', 'DIV', 'EQLC', 'EQL_REGEX', 'GTE', 'GTR', 'LAND', 'LOR', 'LSS', 'LTE', 'LUNLESS', 'MOD', 'MUL',
  'NEQ', 'NEQ_REGEX', 'POW', 'SUB', 'AT', 'ATAN2', 'TRIM_UPPER', 'TRIM_LOWER',
] as const;

/** Aggregation operators (printed as `<aggr:sum>`). */
export const AGGREGATOR_TYPES = [
  'AVG', 'BOTTOMK', 'COUNT', 'COUNT_VALUES', 'GROUP', 'MAX', 'MIN', 'QUANTILE', 'STDDEV', 'STDVAR', 'SUM',
  'TOPK', 'LIMITK', 'LIMIT_RATIO',
] as const;

/** Modifier keywords (printed as `<by>`). */
export const KEYWORD_TYPES = [
  'BOOL', 'BY', 'GROUP_LEFT', 'GROUP_RIGHT', 'IGNORING', 'OFFSET', 'SMOOTHED', 'ANCHORED', 'ON', 'WITHOUT',
  'FILL', 'FILL_LEFT', 'FILL_RIGHT',
] as const;

/** `start()`, `end()`, `step()`, `range()`: keywords that are not printed as keywords. */
export const PREPROCESSOR_TYPES = ['START', 'END', 'STEP', 'RANGE'] as const;

/** Punctuation with a fixed spelling. */
export const PUNCTUATION_TYPES = [
  'LEFT_PAREN', 'RIGHT_PAREN', 'LEFT_BRACE', 'RIGHT_BRACE', 'LEFT_BRACKET', 'RIGHT_BRACKET', 'COMMA', 'EQL', 'COLON',
] as const;

/** Tokens whose text varies. */
export const VALUE_TYPES = ['IDENTIFIER', 'METRIC_IDENTIFIER', 'NUMBER', 'DURATION', 'STRING', 'COMMENT', 'EOF', 'ERROR'] as const;

/** Token type unions derived from the lists above. */
export type OperatorType = (typeof OPERATOR_TYPES)[number];
export type AggregatorType = (typeof AGGREGATOR_TYPES)[number];
export type KeywordType = (typeof KEYWORD_TYPES)[number];
export type PreprocessorType = (typeof PREPROCESSOR_TYPES)[number];
export type TokenType =
  | OperatorType | AggregatorType | KeywordType | PreprocessorType
  | (typeof PUNCTUATION_TYPES)[number] | (typeof VALUE_TYPES)[number];

/**
 * One lexed token. `offset`/`end` are byte offsets into the UTF-8 query (Prometheus positions
 * are bytes); `line`/`col` are 1-based, the column in bytes. For ERROR tokens `value` is the
 * lexer's message. (A type alias, not an interface, so nearley's index-signature token type accepts it.)
 */
export type Token = {
  type: TokenType;
  value: string;
  text: string;
  offset: number;
  end: number;
  line: number;
  col: number;
};

const operators = new Set<TokenType>(OPERATOR_TYPES);
const aggregators = new Set<TokenType>(AGGREGATOR_TYPES);
const keywords = new Set<TokenType>(KEYWORD_TYPES);
const fixedText = new Set<TokenType>([...OPERATOR_TYPES, ...AGGREGATOR_TYPES, ...KEYWORD_TYPES, ...PREPROCESSOR_TYPES, ...PUNCTUATION_TYPES]);

/** Every token type, for the lexer's `has()`. */
export const ALL_TOKEN_TYPES: ReadonlySet<string> = new Set<string>([...fixedText, ...VALUE_TYPES]);

/** Words the lexer turns into keyword tokens (matched case-insensitively); `inf`/`nan` are numbers. */
export const KEYWORD_BY_WORD: ReadonlyMap<string, TokenType> = new Map<string, TokenType>([
  ['and', 'LAND'], ['or', 'LOR'], ['unless', 'LUNLESS'], ['atan2', 'ATAN2'],
  ['sum', 'SUM'], ['avg', 'AVG'], ['count', 'COUNT'], ['min', 'MIN'], ['max', 'MAX'], ['group', 'GROUP'],
  ['stddev', 'STDDEV'], ['stdvar', 'STDVAR'], ['topk', 'TOPK'], ['bottomk', 'BOTTOMK'],
  ['count_values', 'COUNT_VALUES'], ['quantile', 'QUANTILE'], ['limitk', 'LIMITK'], ['limit_ratio', 'LIMIT_RATIO'],
  ['offset', 'OFFSET'], ['smoothed', 'SMOOTHED'], ['anchored', 'ANCHORED'], ['by', 'BY'], ['without', 'WITHOUT'],
  ['on', 'ON'], ['ignoring', 'IGNORING'], ['group_left', 'GROUP_LEFT'], ['group_right', 'GROUP_RIGHT'],
  ['bool', 'BOOL'], ['fill', 'FILL'], ['fill_left', 'FILL_LEFT'], ['fill_right', 'FILL_RIGHT'],
  ['start', 'START'], ['end', 'END'], ['step', 'STEP'], ['range', 'RANGE'],
  ['inf', 'NUMBER'], ['nan', 'NUMBER'],
]);

/** Whether a token type is an aggregation operator. */
export function isAggregator(type: TokenType): boolean {
  return aggregators.has(type);
}

/** Whether a token type is a binary/matching operator. */
export function isOperator(type: TokenType): boolean {
  return operators.has(type);
}

// Go's Item.String().
function itemString(t: Token): string {
  if (t.type === 'EOF') return 'EOF';
  if (t.type === 'ERROR') return t.value;
  if (t.type === 'IDENTIFIER' || t.type === 'METRIC_IDENTIFIER') return goQuote(t.value);
  if (keywords.has(t.type)) return `<${t.value}>`;
  if (operators.has(t.type)) return `<op:${t.value}>`;
  if (aggregators.has(t.type)) return `<aggr:${t.value}>`;
  if ([...t.value].length > 10) return goQuote(firstCodePoints(t.value, 10)) + '...';
  return goQuote(t.value);
}

const TYPE_DESCRIPTIONS: Partial<Record<TokenType, string>> = {
  ERROR: 'error', EOF: 'end of input', COMMENT: 'comment', IDENTIFIER: 'identifier',
  METRIC_IDENTIFIER: 'metric identifier', STRING: 'string', NUMBER: 'number', DURATION: 'duration',
};

/** Describes a token the way Prometheus's parse errors do: `identifier "foo"`, `"}"`, `<op:+>`, `end of input`. */
export function describeToken(t: Token): string {
  if (fixedText.has(t.type)) return itemString(t);
  if (t.type === 'EOF') return 'end of input';
  return `${TYPE_DESCRIPTIONS[t.type] ?? t.type} ${itemString(t)}`;
}
