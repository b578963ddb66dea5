import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Expr, VectorSelector } from '../../../src/lang/promql/ast.js';
import { PromQLParseError, parseExpr } from '../../../src/lang/promql/parser.js';

function selector(query: string): VectorSelector {
  const e = parseExpr(query);
  assert.equal(e.kind, 'VectorSelector');
  return e as VectorSelector;
}

/** Matchers as `name<op>value` strings, in the selector's order. */
function matchers(query: string): string[] {
  return selector(query).matchers.map((m) => `${m.name}${m.type}${m.value}`);
}

function parseError(query: string): PromQLParseError {
  try {
    parseExpr(query);
  } catch (e) {
    assert.ok(e instanceof PromQLParseError, `expected a PromQLParseError, got ${String(e)}`);
    return e;
  }
  assert.fail(`expected ${JSON.stringify(query)} not to parse`);
}

function number(query: string): number {
  const e: Expr = parseExpr(query);
  assert.equal(e.kind, 'NumberLiteral');
  return e.kind === 'NumberLiteral' ? e.value : NaN;
}

describe('PromQL parser: literals', () => {
  it('parses numbers with Go semantics', () => {
    assert.equal(number('1'), 1);
    assert.equal(number('.5'), 0.5);
    assert.equal(number('5.'), 5);
    assert.equal(number('5e-3'), 0.005);
    assert.equal(number('0xc'), 12);
    assert.equal(number('0755'), 493, 'a leading 0 means octal');
    assert.equal(number('08'), 8, 'not octal digits: parsed as a float');
    assert.equal(number('1_000'), 1000);
    assert.equal(number('+Inf'), Infinity);
    assert.equal(number('-Inf'), -Infinity);
    assert.ok(Number.isNaN(number('NaN')));
  });

  it('folds signs into number literals, spanning the sign', () => {
    assert.deepEqual(parseExpr('-0755'), { kind: 'NumberLiteral', value: -493, duration: false, pos: { start: 0, end: 5 } });
    assert.equal(number('+5.5e-3'), 0.0055);
    assert.equal(number('- -1'), 1);
  });

  it('parses durations as numbers of seconds', () => {
    assert.deepEqual(parseExpr('1h30m'), { kind: 'NumberLiteral', value: 5400, duration: true, pos: { start: 0, end: 5 } });
    assert.equal(number('500ms'), 0.5);
    assert.equal(number('0s'), 0, 'only ranges and steps must be positive');
  });

  it('parses strings with Go escapes in all quote styles', () => {
    const str = (q: string) => {
      const e = parseExpr(q);
      return e.kind === 'StringLiteral' ? e.value : assert.fail('not a string');
    };
    assert.equal(str(`"a\\"b\\n"`), 'a"b\n');
    assert.equal(str(`'it\\'s'`), "it's");
    assert.equal(str('`raw\\n`'), 'raw\\n');
    assert.equal(str(`"\\x41\\101\\u00e9\\U0001F600"`), 'AAé😀');
    assert.equal(str(`"\\xc3\\xa9"`), 'é', 'byte escapes form UTF-8 together');
  });

  it('parses parentheses with their position', () => {
    assert.deepEqual(parseExpr('(1)'), {
      kind: 'ParenExpr',
      expr: { kind: 'NumberLiteral', value: 1, duration: false, pos: { start: 1, end: 2 } },
      pos: { start: 0, end: 3 },
    });
  });
});

describe('PromQL parser: vector selectors', () => {
  it('adds the metric name as a trailing __name__ matcher', () => {
    assert.deepEqual(matchers('foo'), ['__name__=foo']);
    assert.deepEqual(matchers('foo{a="b", c!="d", e=~"f.*", g!~"h",}'), ['a=b', 'c!=d', 'e=~f.*', 'g!~h', '__name__=foo']);
    assert.deepEqual(selector('foo{a="b"}').pos, { start: 0, end: 10 });
  });

  it('accepts {__name__=...} and quoted UTF-8 names', () => {
    assert.deepEqual(matchers('{__name__="m"}'), ['__name__=m']);
    assert.deepEqual(matchers('{"my.metric"}'), ['__name__=my.metric']);
    assert.deepEqual(matchers('{"my.metric", "label.name"="x"}'), ['__name__=my.metric', 'label.name=x']);
    assert.equal(selector('{"my.metric"}').name, '');
  });

  it('accepts keywords as metric names and as label names', () => {
    assert.deepEqual(matchers('sum'), ['__name__=sum']);
    assert.deepEqual(matchers('offset{by="1s", on="x"}'), ['by=1s', 'on=x', '__name__=offset']);
    assert.deepEqual(matchers('nan_metric'), ['__name__=nan_metric']);
  });

  it('compiles regex matchers anchored, RE2 style', () => {
    const m = selector('x{a=~"pro.*"}').matchers[0]!;
    assert.ok(m.matches('production'));
    assert.ok(!m.matches('reproduction'));
  });

  it('refuses selectors that would select everything', () => {
    assert.equal(parseError('{}').message, '1:1: parse error: vector selector must contain at least one non-empty matcher');
    assert.equal(parseError('{a=""}').message, '1:1: parse error: vector selector must contain at least one non-empty matcher');
    assert.equal(parseError('{a=~".*"}').message, '1:1: parse error: vector selector must contain at least one non-empty matcher');
    assert.deepEqual(matchers('{a=~".+"}'), ['a=~.+']);
  });

  it('refuses a metric name given twice', () => {
    assert.equal(parseError('foo{__name__="bar"}').message, '1:1: parse error: metric name must not be set twice: "foo" or "bar"');
    assert.equal(parseError('foo{"bar"}').message, '1:1: parse error: metric name must not be set twice: "foo" or "bar"');
  });

  it('reports invalid regexes at the matcher', () => {
    const e = parseError('foo{a="b", x=~"(" }');
    assert.equal(e.location, '1:12');
    assert.match(e.detail, /^error parsing regexp: missing closing \)/);
  });
});

describe('PromQL parser: errors like Prometheus', () => {
  const cases: [string, string][] = [
    ['', 'unknown position: parse error: no expression found in input'],
    ['# just a comment\n\n', '1:1: parse error: no expression found in input'],
    ['.', "1:1: parse error: unexpected character: '.'"],
    ['2.5.', '1:1: parse error: bad number or duration syntax: "2.5."'],
    ['100..4', '1:1: parse error: bad number or duration syntax: "100.."'],
    ['0deadbeef', '1:1: parse error: bad number or duration syntax: "0de"'],
    ['*1', '1:1: parse error: unexpected <op:*>'],
    ['@@', '1:1: parse error: unexpected <op:@>'],
    ['(1))', "1:5: parse error: unexpected right parenthesis ')'"],
    ['((1)', '1:5: parse error: unclosed left parenthesis'],
    ['(', '1:2: parse error: unclosed left parenthesis'],
    ['1 !~ 1', "1:3: parse error: unexpected character after '!': '~'"],
    ['1 =~ 1', "1:3: parse error: unexpected character after '=': '~'"],
    ['foo bar', '1:5: parse error: unexpected identifier "bar"'],
    ['()', '1:2: parse error: unexpected ")"'],
    ['{', '1:2: parse error: unexpected end of input inside braces'],
    ['}', "1:1: parse error: unexpected character: '}'"],
    ['some}', "1:5: parse error: unexpected character: '}'"],
    ['some_metric{a=b}', '1:15: parse error: unexpected identifier "b" in label matching, expected string'],
    ['some_metric{a:b="b"}', "1:14: parse error: unexpected character inside braces: ':'"],
    ['foo{a*"b"}', "1:6: parse error: unexpected character inside braces: '*'"],
    ['foo{a>="b"}', "1:6: parse error: unexpected character inside braces: '>'"],
    ['foo{a}', '1:6: parse error: unexpected "}" in label matching, expected label matching operator'],
    ['foo{a="b" c="d"}', '1:11: parse error: unexpected identifier "c" in label matching, expected "," or "}"'],
    ['foo{,}', '1:5: parse error: unexpected "," in label matching, expected identifier or "}"'],
    ['foo{a="b",,}', '1:11: parse error: unexpected "," in label matching, expected identifier or "}"'],
    ['foo{"a"=}', '1:9: parse error: unexpected "}" in label matching, expected string'],
    ['"\\q"', "1:1: parse error: unknown escape sequence U+0071 'q'"],
    ['1.5m', '1:1: parse error: unknown unit "." in duration "1.5m"'],
    ['1e400', '1:1: parse error: error parsing number: strconv.ParseFloat: parsing "1e400": value out of range'],
    ['foo\n  bar', '2:3: parse error: unexpected identifier "bar"'],
    ['x{a="é"} é', "1:11: parse error: unexpected character: 'é'"],
  ];
  for (const [query, message] of cases) {
    it(`${JSON.stringify(query)} → ${message}`, () => {
      assert.equal(parseError(query).message, message);
    });
  }

  it('exposes the position range and the detail separately', () => {
    const e = parseError('foo bar');
    assert.deepEqual(e.position, { start: 4, end: 7 });
    assert.equal(e.detail, 'unexpected identifier "bar"');
  });
});

describe('PromQL parser: robustness', () => {
  it('never hangs or crashes on arbitrary input', () => {
    const alphabet = ['foo', '{', '}', '(', ')', '[', ']', '"a"', '=', '=~', ',', '1', '5m', '-', '+', 'sum', 'by', ' ', '#', '\n', '@', ':', 'offset'];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i++) {
      let query = '';
      for (let n = Math.floor(random() * 8); n >= 0; n--) query += alphabet[Math.floor(random() * alphabet.length)];
      try {
        parseExpr(query);
      } catch (e) {
        assert.ok(e instanceof PromQLParseError, `${JSON.stringify(query)} threw ${String(e)}`);
      }
    }
  });
});
