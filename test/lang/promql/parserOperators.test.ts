import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AggregateExpr, BinaryExpr, Call } from '../../../src/lang/promql/ast.js';
import { parseAll, tree } from './parseHelpers.js';

function binary(query: string): BinaryExpr {
  const e = parseAll(query);
  assert.equal(e.kind, 'BinaryExpr');
  return e as BinaryExpr;
}

describe('PromQL parser: operator precedence and associativity', () => {
  const cases: [string, string][] = [
    ['a + b * c', '(+ a (* b c))'],
    ['a * b + c', '(+ (* a b) c)'],
    ['a - b - c', '(- (- a b) c)'],
    ['a / b % c atan2 d', '(atan2 (% (/ a b) c) d)'],
    ['a ^ b ^ c', '(^ a (^ b c))'],
    ['-2 ^ 2', '(-u (^ 2 2))'],
    ['-1^-2', '(-u (^ 1 -2))'],
    ['-a * b', '(* (-u a) b)'],
    ['-a + b', '(+ (-u a) b)'],
    ['a ^ -b * c', '(* (^ a (-u b)) c)'],
    ['- - a', '(-u (-u a))'],
    ['+1 + -2 * 1', '(+ 1 (* -2 1))'],
    ['1 < bool 2 - 1 * 2', '(< bool 1 (- 2 (* 1 2)))'],
    ['a == b + c', '(== a (+ b c))'],
    ['a and b == c', '(and a (== b c))'],
    ['foo + bar or bla and blub', '(or (+ foo bar) (and bla blub))'],
    ['foo and bar unless baz or qux', '(or (unless (and foo bar) baz) qux)'],
    ['a or b or c', '(or (or a b) c)'],
    ['a </ 2 + 1', '(</ a (+ 2 1))'],
    ['a * b >/ 3', '(>/ (* a b) 3)'],
    ['1 + 2/(3*1)', '(+ 1 (/ 2 (paren (* 3 1))))'],
    ['a + b offset 5m', '(+ a b)'],
    ['sum_over_time(a[5m:] offset 1m)', '(sum_over_time (subquery a))'],
    ['-x offset 5m', '(-u x)'],
  ];
  for (const [query, expected] of cases) {
    it(`${query}  ⇒  ${expected}`, () => assert.equal(tree(parseAll(query)), expected));
  }

  it('folds a sign into a number literal and spans the sign', () => {
    assert.deepEqual(parseAll(' -1').pos, { start: 1, end: 3 });
    const u = parseAll(' +some_metric');
    assert.equal(u.kind, 'UnaryExpr');
    assert.deepEqual(u.pos, { start: 1, end: 13 });
  });
});

describe('PromQL parser: vector matching', () => {
  it('records on/ignoring, group_left/group_right and their labels', () => {
    const e = binary('bar + on(foo) bla / on(baz, buz) group_right(test) blub');
    assert.deepEqual(e.matching, { card: 'one-to-one', matchingLabels: ['foo'], on: true, include: [] });
    assert.deepEqual((e.rhs as BinaryExpr).matching, { card: 'one-to-many', matchingLabels: ['baz', 'buz'], on: true, include: ['test'] });
    assert.deepEqual(binary('foo / ignoring(test,blub) group_left(bar) bar').matching, {
      card: 'many-to-one', matchingLabels: ['test', 'blub'], on: false, include: ['bar'],
    });
    assert.deepEqual(binary('foo * on(test,blub) group_left bar').matching?.include, []);
  });

  it('makes set operations many-to-many and allows empty label lists', () => {
    assert.deepEqual(binary('foo and on() bar').matching, { card: 'many-to-many', matchingLabels: [], on: true, include: [] });
    assert.deepEqual(binary('foo unless ignoring() bar').matching, { card: 'many-to-many', matchingLabels: [], on: false, include: [] });
  });

  it('has no vector matching unless both sides are instant vectors', () => {
    assert.equal(binary('foo == 1').matching, undefined);
    assert.equal(binary('2.5 / bar').matching, undefined);
    assert.equal(binary('1 > bool 2').returnBool, true);
  });

  it('reads a parenthesis after group_left as its label list, like Prometheus', () => {
    assert.deepEqual(binary('a + on(x) group_left (y) z').matching?.include, ['y']);
    assert.equal(tree(parseAll('a + on(x) group_left() (y)')), '(+ a (paren y))');
  });

  it('accepts keywords and quoted names as grouping labels', () => {
    assert.deepEqual(binary('a * on(and, by, "a.b", start) b').matching?.matchingLabels, ['and', 'by', 'a.b', 'start']);
  });

  it('parses the fill modifiers (Prometheus 3 binop-fill-modifiers)', () => {
    assert.deepEqual(binary('a + fill(0) b').matching, { card: 'one-to-one', matchingLabels: [], on: false, include: [], fillLeft: 0, fillRight: 0 });
    const m = binary('a + on(job) group_left fill_left(5) fill_right(-Inf) b').matching!;
    assert.equal(m.fillLeft, 5);
    assert.equal(m.fillRight, -Infinity);
    assert.deepEqual(binary('a + fill_right(1) fill_left(2) b').matching?.fillLeft, 2);
    assert.equal(binary('a > bool fill(30) b').returnBool, true);
    assert.equal(tree(parseAll('fill + fill(0) other')), '(+ fill other)');
    assert.equal(tree(parseAll('other + fill_left(0) fill_left')), '(+ other fill_left)');
  });
});

describe('PromQL parser: aggregations', () => {
  function aggregate(query: string): AggregateExpr {
    const e = parseAll(query);
    assert.equal(e.kind, 'AggregateExpr');
    return e as AggregateExpr;
  }

  it('accepts by/without before or after the arguments', () => {
    const before = aggregate('sum by (foo)(some_metric)');
    assert.deepEqual([before.grouping, before.without, before.pos], [['foo'], false, { start: 0, end: 25 }]);
    const after = aggregate('sum (some_metric) without (foo)');
    assert.deepEqual([after.grouping, after.without, after.pos], [['foo'], true, { start: 0, end: 31 }]);
    assert.deepEqual(aggregate('sum by (foo,bar,)(some_metric)').grouping, ['foo', 'bar']);
    assert.deepEqual(aggregate('sum by ()(some_metric)').grouping, []);
    assert.deepEqual(aggregate('sum without(and, by, avg, count, alert, annotations)(some_metric)').grouping, [
      'and', 'by', 'avg', 'count', 'alert', 'annotations',
    ]);
    assert.deepEqual(aggregate('sum by ("foo bar")({"some.metric"})').grouping, ['foo bar']);
  });

  it('takes a parameter where the operator has one', () => {
    assert.equal(tree(parseAll('topk(5, some_metric)')), '(topk 5 some_metric)');
    assert.equal(tree(parseAll('count_values("value", some_metric)')), '(count_values "value" some_metric)');
    assert.equal(tree(parseAll('quantile(0.9, x)')), '(quantile 0.9 x)');
    assert.equal(tree(parseAll('limitk(2, x)')), '(limitk 2 x)');
    assert.equal(tree(parseAll('limit_ratio(0.5, x)')), '(limit_ratio 0.5 x)');
    assert.equal(aggregate('topk(5, x)').param?.kind, 'NumberLiteral');
  });

  it('treats aggregation keywords as metric names elsewhere', () => {
    assert.equal(tree(parseAll('sum(sum)')), '(sum sum)');
    assert.equal(tree(parseAll('a + sum')), '(+ a sum)');
    assert.equal(aggregate('SUM(x)').op, 'sum');
  });
});

describe('PromQL parser: function calls', () => {
  function call(query: string): Call {
    const e = parseAll(query);
    assert.equal(e.kind, 'Call');
    return e as Call;
  }

  it('parses calls with their position', () => {
    assert.deepEqual([call('time()').args, call('time()').pos], [[], { start: 0, end: 6 }]);
    assert.equal(tree(parseAll('rate(some_metric[5m])')), '(rate (range some_metric))');
    assert.equal(tree(parseAll('round(some_metric, 5)')), '(round some_metric 5)');
    assert.equal(tree(parseAll('label_join(x, "d", ",", "a", "b", "c")')), '(label_join x "d" "," "a" "b" "c")');
    assert.equal(tree(parseAll('year()')), '(year)');
  });

  it('parses the query-context and duration functions as calls', () => {
    assert.equal(tree(parseAll('end() - start()')), '(- (end) (start))');
    assert.equal(tree(parseAll('vector(step()) + range()')), '(+ (vector (step)) (range))');
    assert.equal(tree(parseAll('min_of(3, max_of(1, 2))')), '(min_of 3 (max_of 1 2))');
    assert.equal(tree(parseAll('start{end="foo"}')), 'start', 'without parentheses they are metric names');
  });

  it('accepts the info() label-selector argument even when it matches empty values', () => {
    assert.equal(tree(parseAll('info(metric, {data=~".*"})')), '(info metric {…})');
  });
});
