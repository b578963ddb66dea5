import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Expr, MatrixSelector, SubqueryExpr, VectorSelector } from '../../../src/lang/promql/ast.js';
import { formatExpr } from '../../../src/lang/promql/printer.js';
import { parseAll, tree } from './parseHelpers.js';

function kind<K extends Expr['kind']>(query: string, k: K): Extract<Expr, { kind: K }> {
  const e = parseAll(query);
  assert.equal(e.kind, k, `${query} parsed as ${e.kind}`);
  return e as Extract<Expr, { kind: K }>;
}

describe('PromQL parser: range selectors', () => {
  it('parses ranges as milliseconds, a bare number being seconds', () => {
    const m = kind('test[5m]', 'MatrixSelector');
    assert.deepEqual([m.rangeMs, m.selector.pos, m.pos], [300_000, { start: 0, end: 4 }, { start: 0, end: 8 }]);
    assert.equal(kind('test[5]', 'MatrixSelector').rangeMs, 5000);
    assert.equal(kind('foo[4.18] @ 2.345', 'MatrixSelector').rangeMs, 4180);
    assert.equal(kind('test[1001ms]', 'MatrixSelector').rangeMs, 1001);
    assert.equal(kind('test{a="b"}[5y] OFFSET 3d', 'MatrixSelector').rangeMs, 5 * 365 * 86_400_000);
  });

  it('puts offset and @ on the selector and extends the range selector to them', () => {
    const m = kind('test{a="b"}[5m] OFFSET 3600', 'MatrixSelector');
    assert.deepEqual([m.selector.offsetMs, m.selector.pos, m.pos], [3_600_000, { start: 0, end: 11 }, { start: 0, end: 27 }]);
    const at = kind('foo[3ms] @ 2.345', 'MatrixSelector');
    assert.deepEqual([at.selector.at, at.pos.end], [{ kind: 'timestamp', ms: 2345 }, 16]);
    assert.deepEqual(kind('test[5y] @ end()', 'MatrixSelector').selector.at, { kind: 'end' });
  });

  it('keeps keywords usable as metric names before a range', () => {
    assert.equal(kind('offset{step="1s"}[5m]', 'MatrixSelector').selector.name, 'offset');
    assert.equal(kind('step{offset="1s"}[5m]', 'MatrixSelector').selector.name, 'step');
  });
});

describe('PromQL parser: subqueries', () => {
  it('parses range and optional step, nested and on any expression', () => {
    const s = kind('foo{bar="baz"}[10m5s:1h6ms]', 'SubqueryExpr');
    assert.deepEqual([s.rangeMs, s.stepMs, s.pos.end], [605_000, 3_600_006, 27]);
    assert.equal(kind('foo[10m:]', 'SubqueryExpr').stepMs, 0);
    const nested = kind('min_over_time(rate(foo{bar="baz"}[2s])[5m:])[4m:3s]', 'SubqueryExpr');
    assert.equal(tree(nested), '(subquery (min_over_time (subquery (rate (range foo)))))');
    assert.equal(tree(parseAll('sum without(and, by)(some_metric) [30m:10s]')), '(subquery (sum some_metric))');
    assert.equal(tree(parseAll('(foo + bar{nm="val"})[5m:]')), '(subquery (paren (+ foo bar)))');
  });

  it('takes offset and @ on either side of the brackets, in any order', () => {
    const inner = kind('some_metric @ 123 offset 1m [10m:5s]', 'SubqueryExpr');
    assert.deepEqual([(inner.expr as VectorSelector).at, (inner.expr as VectorSelector).offsetMs, inner.pos.end], [
      { kind: 'timestamp', ms: 123_000 }, 60_000, 36,
    ]);
    const outer = kind('some_metric[10m:5s] offset 1m @ 123', 'SubqueryExpr');
    assert.deepEqual([outer.at, outer.offsetMs, outer.pos.end], [{ kind: 'timestamp', ms: 123_000 }, 60_000, 35]);
    assert.deepEqual(kind('foo[10m:6s] @ start()', 'SubqueryExpr').at, { kind: 'start' });
  });
});

describe('PromQL parser: offset and @', () => {
  it('parses offsets (negative too) with the selector end moved past them', () => {
    const vs = kind('foo offset -7m', 'VectorSelector');
    assert.deepEqual([vs.offsetMs, vs.pos], [-420_000, { start: 0, end: 14 }]);
    assert.equal(kind('foo OFFSET 1m30ms', 'VectorSelector').offsetMs, 60_030);
    assert.equal(kind('x offset 0s', 'VectorSelector').offsetMs, 0);
  });

  it('parses @ timestamps in seconds, rounded to milliseconds', () => {
    const ms = (q: string) => {
      const at = kind(q, 'VectorSelector').at;
      return at?.kind === 'timestamp' ? at.ms : NaN;
    };
    assert.equal(ms('foo @ 1603774568'), 1_603_774_568_000);
    assert.equal(ms('foo @ -100'), -100_000);
    assert.equal(ms('foo @ .3'), 300);
    assert.equal(ms('foo @ 3.3335'), 3334);
    assert.equal(ms('foo @ 0xA'), 10_000);
    assert.equal(ms('foo @ 1m'), 60_000);
    assert.deepEqual(kind('foo @ start()', 'VectorSelector').pos, { start: 0, end: 13 });
  });

  it('binds modifiers tighter than any operator and lets operators follow them', () => {
    assert.equal(tree(parseAll('foo offset 5s-8')), '(- foo 8)');
    assert.equal(tree(parseAll('foo offset -1^1')), '(^ foo 1)');
    assert.equal(tree(parseAll('metric1_total offset 100 + 2')), '(+ metric1_total 2)');
    assert.equal(tree(parseAll('metric1_total offset -min_of(step(), 1s)+8000')), '(+ metric1_total 8000)');
    assert.equal(tree(parseAll('x @ 100 + 1')), '(+ x 1)');
  });
});

describe('PromQL parser: duration expressions', () => {
  const ranges: [string, string][] = [
    ['foo[11s+10s-5*2^2]', '(d- (d+ 11 10) (d* 5 (d^ 2 2)))'],
    ['foo[-(10s-5s)+20s]', '(d+ (d- (d- 10 5)) 20)'],
    ['foo[-10s+15s]', '(d+ -10 15)'],
    ['foo[step()]', '(dstep)'],
    ['foo[  -  step  (  )  ]', '(d- (dstep))'],
    ['foo[range()]', '(drange)'],
    ['foo[-2^2]', '(d- (d^ 2 2))'],
    ['foo[0+-2^2]', '(d+ 0 (d- (d^ 2 2)))'],
    ['foo[min_of(step()+1,1h)]', '(dmin (d+ (dstep) 1) 3600)'],
    ['foo[1+(STep()-5)*2]', '(d+ 1 (d* (d- (dstep) 5) 2))'],
  ];
  for (const [query, expected] of ranges) {
    it(`${query}  ⇒  ${expected}`, () => {
      const m = kind(query, 'MatrixSelector');
      assert.ok(m.rangeExpr !== undefined, 'an expression range');
      assert.equal(tree(m.rangeExpr), expected);
    });
  }

  it('folds plain literals, also in parentheses, and keeps wrapped expressions', () => {
    assert.equal(kind('x[(5m)]', 'MatrixSelector').rangeMs, 300_000);
    const m = kind('x[2m*(10+5)]', 'MatrixSelector');
    assert.equal(formatExpr(m), 'x[2m * (10 + 5)]');
  });

  it('parses duration expressions in subquery steps and offsets', () => {
    const s = kind('foo[4s+4s:1s*2] offset (5s-8)', 'SubqueryExpr') as SubqueryExpr;
    assert.deepEqual([tree(s.rangeExpr!), tree(s.stepExpr!), tree(s.offsetExpr!)], ['(d+ 4 4)', '(d* 1 2)', '(d- 5 8)']);
    assert.equal(s.offsetExpr?.wrapped, true);
    const vs = kind('foo offset -min_of(5s,step()+8s)', 'VectorSelector');
    assert.equal(tree(vs.offsetExpr!), '(d- (dmin 5 (d+ (dstep) 8)))');
    assert.deepEqual(vs.pos, { start: 0, end: 32 });
    assert.equal(tree(kind('foo offset (-1^2)', 'VectorSelector').offsetExpr!), '(d- (d^ 1 2))');
    assert.equal(kind('foo offset -(1^2)', 'VectorSelector').offsetExpr?.op, '-');
  });
});

describe('PromQL parser: anchored and smoothed', () => {
  it('marks the selector of a range (or an instant selector)', () => {
    assert.equal(kind('foo[3m] anchored', 'MatrixSelector').selector.anchored, true);
    assert.equal((kind('foo[3m] smoothed', 'MatrixSelector') as MatrixSelector).selector.smoothed, true);
    assert.equal(kind('metric @ 100 smoothed', 'VectorSelector').smoothed, true);
    assert.equal(tree(parseAll('metric @ 100 smoothed + 0')), '(+ metric 0)');
    assert.equal(tree(parseAll('changes(foo[3m] anchored)')), '(changes (range foo))');
    assert.equal(kind('anchored{job="test"}', 'VectorSelector').name, 'anchored');
  });
});
