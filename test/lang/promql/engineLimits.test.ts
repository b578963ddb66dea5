import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Engine, QueryError } from '../../../src/lang/promql/engine.js';
import { ALL_FEATURES } from '../../../src/lang/promql/parser.js';
import { MemoryQueryable } from './memoryQueryable.js';

const s = 1000;
const m = 60 * s;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  return assert.fail('expected the query to fail');
}

function store(series: number, samples: number): MemoryQueryable {
  const q = new MemoryQueryable();
  for (let i = 0; i < series; i++) for (let k = 0; k < samples; k++) q.add({ __name__: 'metric', i: String(i) }, k * 15 * s, k);
  return q;
}

/** An AbortSignal that reports itself aborted from its n-th look on (so it trips in the middle of evaluation). */
function signalAbortedAfter(looks: number, reason: unknown = new Error('stop')): AbortSignal {
  let seen = 0;
  return {
    get aborted() {
      return ++seen > looks;
    },
    reason,
    addEventListener: () => {},
    removeEventListener: () => {},
  } as unknown as AbortSignal;
}

describe('Engine limits', () => {
  it('counts the samples a range query holds at each step against max samples', async () => {
    const q = store(10, 41);
    // 10 series × 41 steps = 410 points.
    const small = new Engine({ maxSamples: 409 });
    const e = await rejection(small.rangeQuery(q, 'metric', 0, 10 * m, 15 * s));
    assert.ok(e instanceof QueryError && e.kind === 'execution');
    assert.equal(e.message, 'query processing would load too many samples into memory in query execution');
    const result = await new Engine({ maxSamples: 410 }).rangeQuery(q, 'metric', 0, 10 * m, 15 * s);
    assert.equal(result.type === 'matrix' && result.series.length, 10);
  });

  it('gives back the samples of inputs once an aggregation has its output', async () => {
    const q = store(10, 41);
    // The selector holds 410 points; the sum holds 41, so the peak is the selector's.
    const result = await new Engine({ maxSamples: 451 }).rangeQuery(q, 'sum(metric)', 0, 10 * m, 15 * s);
    assert.equal(result.type === 'matrix' && result.series[0]!.values.length, 41);
  });

  it('notices cancellation during evaluation, not only while waiting for storage', async () => {
    const q = store(50, 5);
    const e = await rejection(new Engine().instantQuery(q, 'sum(rate(metric[1m]))', m, signalAbortedAfter(5)));
    assert.ok(e instanceof QueryError);
    assert.equal(e.kind, 'canceled');
    assert.equal(e.message, 'query was canceled in expression evaluation');
  });

  it('reports a caller timeout signal as a timeout', async () => {
    const reason = new Error('timed out');
    reason.name = 'TimeoutError';
    const e = await rejection(new Engine().instantQuery(store(50, 5), 'metric', m, signalAbortedAfter(5, reason)));
    assert.ok(e instanceof QueryError && e.kind === 'timeout');
    assert.equal(e.message, 'query timed out in expression evaluation');
  });

  it('uses the configured default subquery step', async () => {
    const q = store(1, 41);
    const engine = new Engine({ defaultSubqueryStepMs: 30 * s });
    const result = await engine.instantQuery(q, 'count_over_time(metric[2m:])', 10 * m);
    assert.equal(result.type === 'vector' && result.samples[0]!.v, 4);
  });

  it('accepts experimental syntax only when configured to', async () => {
    const q = store(2, 5);
    await assert.rejects(new Engine().instantQuery(q, 'limitk(1, metric)', m), /experimental/);
    const result = await new Engine({ parseOptions: ALL_FEATURES }).instantQuery(q, 'limitk(1, metric)', m);
    assert.equal(result.type === 'vector' && result.samples.length, 1);
  });
});
