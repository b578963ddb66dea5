import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PromQLLexer, tokenize } from '../../../src/lang/promql/lexer.js';
import { describeToken } from '../../../src/lang/promql/tokens.js';

/** `TYPE:text` for every token but EOF, so expectations read like the query. */
function lex(query: string): string[] {
  return tokenize(query)
    .filter((t) => t.type !== 'EOF')
    .map((t) => (t.type === 'ERROR' ? `ERROR:${t.value}` : `${t.type}:${t.value}`));
}

describe('PromQL lexer', () => {
  it('lexes identifiers, metric identifiers and keywords (case-insensitively)', () => {
    assert.deepEqual(lex('foo job:rate5m:sum :bar SUM by Without offset bool atan2 and OR unless'), [
      'IDENTIFIER:foo', 'METRIC_IDENTIFIER:job:rate5m:sum', 'METRIC_IDENTIFIER::bar', 'SUM:SUM', 'BY:by',
      'WITHOUT:Without', 'OFFSET:offset', 'BOOL:bool', 'ATAN2:atan2', 'LAND:and', 'LOR:OR', 'LUNLESS:unless',
    ]);
    assert.deepEqual(lex('on ignoring group_left group_right topk count_values limit_ratio start end step range'), [
      'ON:on', 'IGNORING:ignoring', 'GROUP_LEFT:group_left', 'GROUP_RIGHT:group_right', 'TOPK:topk',
      'COUNT_VALUES:count_values', 'LIMIT_RATIO:limit_ratio', 'START:start', 'END:end', 'STEP:step', 'RANGE:range',
    ]);
    assert.deepEqual(lex('anchored smoothed fill fill_left fill_right'), [
      'ANCHORED:anchored', 'SMOOTHED:smoothed', 'FILL:fill', 'FILL_LEFT:fill_left', 'FILL_RIGHT:fill_right',
    ]);
  });

  it('lexes numbers in every notation, and Inf/NaN as numbers', () => {
    assert.deepEqual(lex('1 1.5 .5 5. 1e3 1.5E-3 0x1F 0755 1_000 Inf nan'), [
      'NUMBER:1', 'NUMBER:1.5', 'NUMBER:.5', 'NUMBER:5.', 'NUMBER:1e3', 'NUMBER:1.5E-3', 'NUMBER:0x1F',
      'NUMBER:0755', 'NUMBER:1_000', 'NUMBER:Inf', 'NUMBER:nan',
    ]);
  });

  it('lexes durations', () => {
    assert.deepEqual(lex('5m 1h30m 10s53ms 2w 1y 500ms'), [
      'DURATION:5m', 'DURATION:1h30m', 'DURATION:10s53ms', 'DURATION:2w', 'DURATION:1y', 'DURATION:500ms',
    ]);
  });

  it('lexes strings in all three quotes, keeping the raw text', () => {
    assert.deepEqual(lex(`"a\\"b" 'c\\'d' \`e\\f\` "\\x41\\u00e9\\101\\U0001F600"`), [
      'STRING:"a\\"b"', "STRING:'c\\'d'", 'STRING:`e\\f`', 'STRING:"\\x41\\u00e9\\101\\U0001F600"',
    ]);
  });

  it('lexes every operator and punctuation', () => {
    assert.deepEqual(lex('+ - * / % ^ == != > < >= <= @ ( ) , '), [
      'ADD:+', 'SUB:-', 'MUL:*', 'DIV:/', 'MOD:%', 'POW:^', 'EQLC:==', 'NEQ:!=', 'GTR:>', 'LSS:<', 'GTE:>=',
      'LTE:<=', 'AT:@', 'LEFT_PAREN:(', 'RIGHT_PAREN:)', 'COMMA:,',
    ]);
  });

  it('treats keywords inside braces as label names and lexes matchers', () => {
    assert.deepEqual(lex('sum{by="x", a!="b", c=~"d", e!~"f"}'), [
      'SUM:sum', 'LEFT_BRACE:{', 'IDENTIFIER:by', 'EQL:=', 'STRING:"x"', 'COMMA:,', 'IDENTIFIER:a', 'NEQ:!=',
      'STRING:"b"', 'COMMA:,', 'IDENTIFIER:c', 'EQL_REGEX:=~', 'STRING:"d"', 'COMMA:,', 'IDENTIFIER:e',
      'NEQ_REGEX:!~', 'STRING:"f"', 'RIGHT_BRACE:}',
    ]);
  });

  it('lexes range and subquery brackets, including duration expressions', () => {
    assert.deepEqual(lex('x[5m] y[1h:5m] z[2m*(10+5)] w[step()]'), [
      'IDENTIFIER:x', 'LEFT_BRACKET:[', 'DURATION:5m', 'RIGHT_BRACKET:]',
      'IDENTIFIER:y', 'LEFT_BRACKET:[', 'DURATION:1h', 'COLON::', 'DURATION:5m', 'RIGHT_BRACKET:]',
      'IDENTIFIER:z', 'LEFT_BRACKET:[', 'DURATION:2m', 'MUL:*', 'LEFT_PAREN:(', 'NUMBER:10', 'ADD:+', 'NUMBER:5',
      'RIGHT_PAREN:)', 'RIGHT_BRACKET:]',
      'IDENTIFIER:w', 'LEFT_BRACKET:[', 'STEP:step', 'LEFT_PAREN:(', 'RIGHT_PAREN:)', 'RIGHT_BRACKET:]',
    ]);
  });

  it('lexes min_of/max_of inside brackets as function names, and refuses other words there', () => {
    assert.deepEqual(lex('x[min_of(1m, RANGE())]'), [
      'IDENTIFIER:x', 'LEFT_BRACKET:[', 'IDENTIFIER:min_of', 'LEFT_PAREN:(', 'DURATION:1m', 'COMMA:,', 'RANGE:RANGE',
      'LEFT_PAREN:(', 'RIGHT_PAREN:)', 'RIGHT_PAREN:)', 'RIGHT_BRACKET:]',
    ]);
    assert.deepEqual(lex('x[max(1m, 2m)]').at(-1), "ERROR:unexpected character in duration expression: 'm'");
  });

  it('lexes the native-histogram trim operators', () => {
    assert.deepEqual(lex('a </ 2 >/ 1 < 3 > 4'), ['IDENTIFIER:a', 'TRIM_UPPER:</', 'NUMBER:2', 'TRIM_LOWER:>/', 'NUMBER:1', 'LSS:<', 'NUMBER:3', 'GTR:>', 'NUMBER:4']);
    assert.equal(describeToken(tokenize('</')[0]!), '<op:</>');
  });

  it('lexes comments', () => {
    assert.deepEqual(lex('foo # the rest\n+ 1'), ['IDENTIFIER:foo', 'COMMENT:# the rest', 'ADD:+', 'NUMBER:1']);
  });

  it('tracks byte offsets, lines and byte columns', () => {
    const tokens = tokenize('x{a="é"}\n  bar');
    const bar = tokens.find((t) => t.value === 'bar')!;
    assert.equal(bar.offset, 12);
    assert.equal(bar.end, 15);
    assert.equal(bar.line, 2);
    assert.equal(bar.col, 3);
    const value = tokens.find((t) => t.type === 'STRING')!;
    assert.deepEqual([value.offset, value.end], [4, 8]);
  });

  it('reports lexer errors with Prometheus messages, as a final ERROR token', () => {
    assert.deepEqual(lex('.'), ["ERROR:unexpected character: '.'"]);
    assert.deepEqual(lex('0deadbeef'), ['ERROR:bad number or duration syntax: "0de"']);
    assert.deepEqual(lex('"abc'), ['ERROR:unterminated quoted string']);
    assert.deepEqual(lex('`abc'), ['ERROR:unterminated raw string']);
    assert.deepEqual(lex(`"\\q"`), ["ERROR:unknown escape sequence U+0071 'q'"]);
    assert.deepEqual(lex(`"\\xZZ"`), ["ERROR:illegal character U+005A 'Z' in escape sequence"]);
    assert.deepEqual(lex(`"\\uD800"`), ['ERROR:escape sequence is an invalid Unicode code point']);
    assert.deepEqual(lex('a{b!c}'), ['IDENTIFIER:a', 'LEFT_BRACE:{', 'IDENTIFIER:b', "ERROR:unexpected character after '!' inside braces: 'c'"]);
    assert.deepEqual(lex('{'), ['LEFT_BRACE:{', 'ERROR:unexpected end of input inside braces']);
    assert.deepEqual(lex('1 =~ 1'), ['NUMBER:1', "ERROR:unexpected character after '=': '~'"]);
    assert.deepEqual(lex('(1))'), ['LEFT_PAREN:(', 'NUMBER:1', 'RIGHT_PAREN:)', "ERROR:unexpected right parenthesis ')'"]);
    assert.deepEqual(lex('(1'), ['LEFT_PAREN:(', 'NUMBER:1', 'ERROR:unclosed left parenthesis']);
    assert.deepEqual(lex('x[5m'), ['IDENTIFIER:x', 'LEFT_BRACKET:[', 'DURATION:5m', 'ERROR:unclosed left bracket']);
    assert.deepEqual(lex('}'), ["ERROR:unexpected character: '}'"]);
  });

  it('places lexer errors where Prometheus does', () => {
    const [, , , paren] = tokenize('(1))');
    assert.equal(paren!.offset, 4, 'an unbalanced ) is reported after it');
    const [unclosed] = tokenize('"abc').slice(-1);
    assert.equal(unclosed!.offset, 0, 'an unterminated string is reported at its start');
  });

  it('describes tokens as Prometheus error messages do', () => {
    const describe = (q: string) => describeToken(tokenize(q)[0]!);
    assert.equal(describe('foo'), 'identifier "foo"');
    assert.equal(describe('a:b'), 'metric identifier "a:b"');
    assert.equal(describe('42'), 'number "42"');
    assert.equal(describe('5m'), 'duration "5m"');
    assert.equal(describe('"x"'), 'string "\\"x\\""');
    assert.equal(describe('"a long string value"'), 'string "\\"a long st"...');
    assert.equal(describe(','), '","');
    assert.equal(describe('+'), '<op:+>');
    assert.equal(describe('and'), '<op:and>');
    assert.equal(describe('sum'), '<aggr:sum>');
    assert.equal(describe('by'), '<by>');
    assert.equal(describe(''), 'end of input');
  });

  it('works as a nearley lexer: comments skipped, state saved by index', () => {
    const lexer = new PromQLLexer();
    lexer.reset('a # c\n b');
    assert.equal(lexer.next()!.value, 'a');
    const state = lexer.save();
    assert.equal(lexer.next()!.value, 'b');
    assert.equal(lexer.next()!.type, 'EOF');
    assert.equal(lexer.next(), undefined);
    lexer.reset('a # c\n b', state);
    assert.equal(lexer.next()!.value, 'b');
    assert.ok(lexer.has('LEFT_BRACE'));
    assert.ok(!lexer.has('NOT_A_TOKEN'));
    assert.match(lexer.formatError(lexer.tokens[0]!, 'Syntax error'), /1:1/);
  });
});
