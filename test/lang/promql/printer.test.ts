import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Expr } from '../../../src/lang/promql/ast.js';
import { ALL_FEATURES, parseExpr } from '../../../src/lang/promql/parser.js';
import { formatExpr } from '../../../src/lang/promql/printer.js';
import { Matcher } from '../../../src/model/matcher.js';

/**
 * The tree without what legitimately differs between a query and its canonical form:
 * positions, and the order of matchers (the printer sorts them).
 */
function shape(e: Expr): unknown {
  return JSON.parse(
    JSON.stringify(e, (key, value: unknown) => {
      if (key === 'pos') return undefined;
      if (key === 'matchers') return (value as Matcher[]).map((m) => m.toString()).sort();
      return value;
    }),
  );
}

describe('PromQL printer', () => {
  const canonical: [string, string][] = [
    ['1', '1'],
    ['-1', '-1'],
    ['+1', '1'],
    ['- -2.5', '2.5'],
    ['1e3', '1000'],
    ['1e21', '1000000000000000000000'],
    ['1e-7', '0.0000001'],
    ['0x1f', '31'],
    ['Inf', '+Inf'],
    ['-inf', '-Inf'],
    ['NaN', 'NaN'],
    ['5m', '5m'],
    ['90m', '1h30m'],
    ['-90s', '-1m30s'],
    ['14d', '2w'],
    [`'single'`, '"single"'],
    ['`raw\\d`', '"raw\\\\d"'],
    ['"tab\\there"', '"tab\\there"'],
    ['"\\x01\\u00e9"', '"\\x01é"'],
    ['"\\xff\\xc3\\xa9"', '"\\xffé"'],
    ['foo', 'foo'],
    ['foo{}', 'foo'],
    ['foo{b="2", a="1"}', 'foo{a="1",b="2"}'],
    ['foo{a=~"x.*", b!~"y", c!="z"}', 'foo{a=~"x.*",b!~"y",c!="z"}'],
    ['{__name__="foo"}', '{__name__="foo"}'],
    ['{__name__=~"foo|bar"}', '{__name__=~"foo|bar"}'],
    ['{"my.metric"}', '{__name__="my.metric"}'],
    ['{"my.metric", "a.b"="c"}', '{"a.b"="c",__name__="my.metric"}'],
    ['sum{x="1"}', 'sum{x="1"}'],
    ['((foo))', '((foo))'],
    [' ( 1 ) ', '(1)'],
  ];
  for (const [query, printed] of canonical) {
    it(`prints ${query} as ${printed}`, () => {
      assert.equal(formatExpr(parseExpr(query)), printed);
    });
  }

  it('round-trips: the printed form parses back to the same tree and prints identically', () => {
    for (const [query] of canonical) {
      const first = parseExpr(query);
      const printed = formatExpr(first);
      const second = parseExpr(printed);
      assert.deepEqual(shape(second), shape(first), `tree of ${query} vs ${printed}`);
      assert.equal(formatExpr(second), printed);
    }
  });

  const constructs: [string, string][] = [
    ['foo @ 1.5 offset 5m', 'foo @ 1.500 offset 5m'],
    ['foo offset -1m @ start()', 'foo @ start() offset -1m'],
    ['foo[10m] offset 5m @ 1.5', 'foo[10m] @ 1.500 offset 5m'],
    ['foo[1h:]', 'foo[1h:]'],
    ['foo[1h:1m] @ end()', 'foo[1h:1m] @ end()'],
    ['sum by (job, "a.b") (foo)', 'sum by (job, "a.b") (foo)'],
    ['sum(foo) by (job)', 'sum by (job) (foo)'],
    ['sum without () (foo)', 'sum without () (foo)'],
    ['sum by () (foo)', 'sum(foo)'],
    ['topk without (x) (3, foo)', 'topk without (x) (3, foo)'],
    ['foo / on(a) group_left(b) bar{a="b"}', 'foo / on (a) group_left (b) bar{a="b"}'],
    ['foo > bool bar', 'foo > bool bar'],
    ['foo and on() bar', 'foo and on () bar'],
    ['foo * ignoring(a) group_right bar', 'foo * ignoring (a) group_right () bar'],
    ['foo + fill(0) bar', 'foo + fill (0) bar'],
    ['foo + on(a) fill_left(1) fill_right(-2) bar', 'foo + on (a) fill_left (1) fill_right (-2) bar'],
    ['h </ 2 + 1', 'h </ 2 + 1'],
    ['rate(foo[10m] @ 1.5 offset 5m)', 'rate(foo[10m] @ 1.500 offset 5m)'],
    ['-foo', '-foo'],
    ['-(1 + 2) ^ 3', '-(1 + 2) ^ 3'],
    ['2 ^ -1', '2 ^ -1'],
    ['foo[5m] anchored', 'foo[5m] anchored'],
    ['foo smoothed @ 10', 'foo @ 10.000 smoothed'],
    ['foo[26m+4m]', 'foo[26m + 4m]'],
    ['foo[2m*(10+5)]', 'foo[2m * (10 + 5)]'],
    ['foo[step()]', 'foo[step()]'],
    ['foo[-5m+35m:30s*2]', 'foo[-5m + 35m:30s * 2]'],
    ['foo offset (100 + 2)', 'foo offset (100 + 2)'],
    ['foo offset -min_of(step(), 1s)', 'foo offset -min_of(step(), 1s)'],
    ['foo offset max_of(range(),8s)', 'foo offset max_of(range(), 8s)'],
    ['foo offset (5m)', 'foo offset 5m'],
    ['end() - start()', 'end() - start()'],
    ['min_of(3, 5)', 'min_of(3, 5)'],
    ['label_join(x, "d", ",", "a", "b")', 'label_join(x, "d", ",", "a", "b")'],
  ];
  for (const [query, printed] of constructs) {
    it(`prints ${query} as ${printed}`, () => {
      const first = parseExpr(query, ALL_FEATURES);
      assert.equal(formatExpr(first), printed);
      assert.deepEqual(shape(parseExpr(printed, ALL_FEATURES)), shape(first), 'the printed form parses to the same tree');
    });
  }
});
