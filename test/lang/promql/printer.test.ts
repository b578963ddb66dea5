import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AggregateExpr, BinaryExpr, Expr, MatrixSelector, SubqueryExpr, VectorSelector } from '../../../src/lang/promql/ast.js';
import { parseExpr } from '../../../src/lang/promql/parser.js';
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

  it('prints constructs the parser does not build yet', () => {
    const foo = parseExpr('foo') as VectorSelector;
    const bar = parseExpr('bar{a="b"}') as VectorSelector;
    const pos = { start: 0, end: 0 };
    const withModifiers: VectorSelector = { ...foo, offsetMs: 300_000, at: { kind: 'timestamp', ms: 1500 } };
    assert.equal(formatExpr(withModifiers), 'foo @ 1.500 offset 5m');
    assert.equal(formatExpr({ ...foo, offsetMs: -60_000, at: { kind: 'start' } }), 'foo @ start() offset -1m');
    const matrix: MatrixSelector = { kind: 'MatrixSelector', selector: withModifiers, rangeMs: 600_000, pos };
    assert.equal(formatExpr(matrix), 'foo[10m] @ 1.500 offset 5m');
    const subquery: SubqueryExpr = { kind: 'SubqueryExpr', expr: foo, rangeMs: 3_600_000, stepMs: 0, offsetMs: 0, pos };
    assert.equal(formatExpr(subquery), 'foo[1h:]');
    assert.equal(formatExpr({ ...subquery, stepMs: 60_000, at: { kind: 'end' } }), 'foo[1h:1m] @ end()');
    const sum: AggregateExpr = { kind: 'AggregateExpr', op: 'sum', expr: foo, grouping: ['job', 'a.b'], without: false, pos };
    assert.equal(formatExpr(sum), 'sum by (job, "a.b") (foo)');
    const topk: AggregateExpr = { kind: 'AggregateExpr', op: 'topk', expr: foo, param: parseExpr('3'), grouping: ['x'], without: true, pos };
    assert.equal(formatExpr(topk), 'topk without (x) (3, foo)');
    const binary: BinaryExpr = {
      kind: 'BinaryExpr', op: '/', lhs: foo, rhs: bar, returnBool: false, pos,
      matching: { card: 'many-to-one', matchingLabels: ['a'], on: true, include: ['b'] },
    };
    assert.equal(formatExpr(binary), 'foo / on (a) group_left (b) bar{a="b"}');
    assert.equal(formatExpr({ ...binary, op: '>', returnBool: true, matching: { card: 'one-to-one', matchingLabels: [], on: false, include: [] } }), 'foo > bool bar{a="b"}');
    assert.equal(formatExpr({ kind: 'Call', func: 'rate', args: [matrix], pos }), 'rate(foo[10m] @ 1.500 offset 5m)');
    assert.equal(formatExpr({ kind: 'UnaryExpr', op: '-', expr: foo, pos }), '-foo');
  });
});
