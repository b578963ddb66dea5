import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Engine, QueryError, type QueryResult } from '../../../src/lang/promql/engine.js';
import { ALL_FEATURES } from '../../../src/lang/promql/parser.js';
import { MemoryQueryable } from './memoryQueryable.js';

const s = 1000;
const m = 60 * s;
const engine = new Engine({ parseOptions: ALL_FEATURES, delayedNameRemoval: true });

/** `{labels} value` lines of an instant vector, in result order. */
function lines(result: QueryResult): string[] {
  assert.equal(result.type, 'vector');
  return result.type === 'vector' ? result.samples.map((x) => `${x.labels.toString()} ${x.v}`) : [];
}

function counters(): MemoryQueryable {
  const q = new MemoryQueryable();
  // Two counters sampled every 15s for 20 minutes; the second one resets at 10m.
  for (let k = 0; k <= 80; k++) {
    q.add({ __name__: 'requests_total', job: 'a' }, k * 15 * s, k * 15);
    q.add({ __name__: 'requests_total', job: 'b' }, k * 15 * s, k <= 40 ? k * 30 : (k - 40) * 30);
    q.add({ __name__: 'temperature', room: String(k % 3) }, k * 15 * s, 20 + (k % 7) - 3);
  }
  return q;
}

describe('Engine: range queries agree with instant queries at every step', () => {
  const queries = [
    'rate(requests_total[5m])',
    'increase(requests_total[2m] offset 1m)',
    'irate(requests_total[1m])',
    'delta(temperature[3m])',
    'deriv(temperature[4m])',
    'predict_linear(temperature[4m], 60)',
    'changes(temperature[5m])',
    'resets(requests_total[10m])',
    'avg_over_time(temperature[2m])',
    'quantile_over_time(0.3, temperature[5m])',
    'max_over_time(temperature[5m:30s])',
    'sum by (room) (temperature) / ignoring(room) group_left count(temperature)',
    'topk(2, temperature)',
    'temperature > bool 20 or requests_total',
    'sum_over_time(rate(requests_total[1m])[3m:20s])',
    'requests_total @ 300 - requests_total offset -30s',
  ];
  for (const query of queries) {
    it(query, async () => {
      const q = counters();
      const range = await engine.rangeQuery(q, query, 4 * m, 16 * m, 45 * s);
      assert.ok(range.type === 'matrix');
      for (let t = 4 * m; t <= 16 * m; t += 45 * s) {
        const instant = await engine.instantQuery(q, query, t);
        const expected = lines(instant).sort();
        const got = range.series
          .map((series) => ({ labels: series.labels, i: Array.from(series.timestamps).indexOf(t), series }))
          .filter((x) => x.i >= 0)
          .map((x) => `${x.labels.toString()} ${x.series.values[x.i]}`)
          .sort();
        assert.deepEqual(got, expected, `at ${t / s}s`);
      }
    });
  }
});

describe('Engine: functions and operators', () => {
  it('extrapolates rate to the window edges and corrects counter resets', async () => {
    const result = lines(await engine.instantQuery(counters(), 'round(rate(requests_total[5m]), 0.001)', 12 * m));
    assert.deepEqual(result, ['{job="a"} 1', '{job="b"} 2']);
  });

  it('keeps a sum of values that cancel out at exactly zero', async () => {
    const q = new MemoryQueryable();
    const values = [1e16, 1, -1e16, 0.1, -0.1, -1];
    values.forEach((v, i) => q.add({ __name__: 'x', i: String(i) }, 0, v));
    assert.deepEqual(lines(await engine.instantQuery(q, 'sum(x)', 0)), ['{} 0']);
  });

  it('orders topk results by value within each group, groups in order of appearance', async () => {
    const q = new MemoryQueryable();
    [3, 9, 1, 7].forEach((v, i) => q.add({ __name__: 'x', g: i < 2 ? 'a' : 'b', i: String(i) }, 0, v));
    assert.deepEqual(lines(await engine.instantQuery(q, 'topk by (g) (2, x)', 0)), [
      '{__name__="x", g="a", i="1"} 9',
      '{__name__="x", g="a", i="0"} 3',
      '{__name__="x", g="b", i="3"} 7',
      '{__name__="x", g="b", i="2"} 1',
    ]);
  });

  it('names both duplicate series, sorted, when matching is many-to-many', async () => {
    const q = new MemoryQueryable();
    q.add({ __name__: 'dup', l: 'b' }, 0, 1);
    q.add({ __name__: 'dup', l: 'a' }, 0, 2);
    q.add({ __name__: 'one' }, 0, 3);
    await assert.rejects(engine.instantQuery(q, 'one + on() dup', 0), (e: unknown) => {
      assert.ok(e instanceof QueryError);
      assert.equal(
        e.message,
        'found duplicate series for the match group {} on the right hand-side of the operation: [{__name__="dup", l="a"}, {__name__="dup", l="b"}];many-to-many matching not allowed: matching labels must be unique on one side',
      );
      return true;
    });
  });

  it('drops the metric name only at the end, so label_replace can still read it', async () => {
    const result = lines(await engine.instantQuery(counters(), 'label_replace(rate(requests_total{job="a"}[5m]) > 0, "was", "$1", "__name__", "(.*)") > bool 0', 12 * m));
    assert.deepEqual(result, ['{job="a", was="requests_total"} 1']);
  });

  it('drops the metric name right away without delayed name removal, as Prometheus does by default', async () => {
    const immediate = new Engine({ parseOptions: ALL_FEATURES });
    const q = counters();
    const replaced = lines(await immediate.instantQuery(q, 'label_replace(rate(requests_total{job="a"}[5m]) > 0, "was", "$1", "__name__", "(.*)") > bool 0', 12 * m));
    assert.deepEqual(replaced, ['{job="a"} 1']);
    const grouped = lines(await immediate.instantQuery(q, 'count by (__name__) (rate(requests_total[5m]))', 12 * m));
    assert.deepEqual(grouped, ['{} 2']);
  });

  it('aligns subquery steps to multiples of the step, not to the query time', async () => {
    const q = new MemoryQueryable();
    for (let k = 0; k <= 20; k++) q.add({ __name__: 'x' }, k * 10 * s, k);
    // Steps at 60, 80, 100 (not 65, 85, 105); each sees the sample at or before it.
    assert.deepEqual(lines(await engine.instantQuery(q, 'sum_over_time(x[60s:20s])', 105 * s)), ['{} 24']);
  });

  it('reports annotations at the line and byte column of the expression they concern', async () => {
    const q = new MemoryQueryable();
    q.add({ __name__: 'temperature' }, 0, 1);
    q.add({ __name__: 'temperature' }, 15 * s, 2);
    const result = await engine.instantQuery(q, 'sum(\n  rate(temperature[1m])\n)', 30 * s);
    assert.deepEqual(result.infos, ['PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "temperature" (2:8)']);
  });

  it('warns that sorting a range query has no effect', async () => {
    const result = await engine.rangeQuery(counters(), 'sort_desc(temperature)', 0, m, 30 * s);
    assert.deepEqual(result.warnings, ['PromQL warning: sort is ineffective for range queries since results are always ordered by labels (1:1)']);
  });
});
