import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Engine, QueryError, type QueryResult } from '../../../src/lang/promql/engine.js';
import { PromQLParseError } from '../../../src/lang/promql/parser.js';
import { Labels } from '../../../src/model/labels.js';
import type { Queryable } from '../../../src/model/storage.js';
import { MemoryQueryable } from './memoryQueryable.js';

const s = 1000;
const m = 60 * s;

/** `{labels} value` lines of an instant vector result, sorted. */
function vector(result: QueryResult): string[] {
  assert.equal(result.type, 'vector');
  return result.type === 'vector' ? result.samples.map((x) => `${x.labels.toString()} ${x.v}`).sort() : [];
}

function httpRequests(): MemoryQueryable {
  const q = new MemoryQueryable();
  const series: [string, string, number][] = [
    ['api', 'production', 1], ['api', 'canary', 2], ['web', 'production', 3], ['web', 'canary', 4],
  ];
  for (const [job, group, v] of series) q.add({ __name__: 'http_requests', job, group }, 0, v);
  q.add({ __name__: 'other', job: 'api' }, 0, 5);
  return q;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  return assert.fail('expected the query to fail');
}

describe('Engine: instant vector selectors', () => {
  const engine = new Engine();

  it('selects with each matcher type', async () => {
    const q = httpRequests();
    assert.deepEqual(vector(await engine.instantQuery(q, 'http_requests{job="api"}', 0)), [
      '{__name__="http_requests", group="canary", job="api"} 2',
      '{__name__="http_requests", group="production", job="api"} 1',
    ]);
    assert.equal(vector(await engine.instantQuery(q, 'http_requests{job!="api"}', 0)).length, 2);
    assert.deepEqual(vector(await engine.instantQuery(q, 'http_requests{group=~"prod.*", job=~"w.b"}', 0)), [
      '{__name__="http_requests", group="production", job="web"} 3',
    ]);
    assert.equal(vector(await engine.instantQuery(q, 'http_requests{group!~"canary|prod.*"}', 0)).length, 0);
    assert.equal(vector(await engine.instantQuery(q, '{__name__=~"http.*|other"}', 0)).length, 5);
    assert.equal(vector(await engine.instantQuery(q, '{job="api"}', 0)).length, 3);
  });

  it('treats a missing label as empty for != and !~', async () => {
    const q = httpRequests();
    assert.equal(vector(await engine.instantQuery(q, 'other{group!="x"}', 0)).length, 1);
    assert.equal(vector(await engine.instantQuery(q, 'other{group!~".+"}', 0)).length, 1);
    assert.equal(vector(await engine.instantQuery(q, 'other{group=""}', 0)).length, 1);
  });

  it('sees a sample for lookback minus 1ms, and excludes the left edge of the window', async () => {
    const q = new MemoryQueryable();
    q.add({ __name__: 'metric' }, 0, 7);
    const at = async (t: number) => vector(await engine.instantQuery(q, 'metric', t));
    assert.deepEqual(await at(0), ['{__name__="metric"} 7']);
    assert.deepEqual(await at(299 * s), ['{__name__="metric"} 7']);
    assert.deepEqual(await at(300 * s - 1), ['{__name__="metric"} 7']);
    assert.deepEqual(await at(300 * s), []);
    assert.deepEqual(await at(-1), [], 'a sample after the evaluation time is not visible');
  });

  it('stamps samples with the evaluation time and takes the latest sample', async () => {
    const q = new MemoryQueryable();
    q.addSeries({ __name__: 'metric' }, [[0, 1], [10 * s, 2], [20 * s, 3]]);
    const result = await engine.instantQuery(q, 'metric', 15 * s);
    assert.equal(result.type, 'vector');
    if (result.type === 'vector') assert.deepEqual(result.samples.map((x) => [x.t, x.v]), [[15 * s, 2]]);
  });

  it('honours a configured lookback delta', async () => {
    const q = new MemoryQueryable();
    q.add({ __name__: 'metric' }, 0, 1);
    const short = new Engine({ lookbackDeltaMs: m });
    assert.equal(vector(await short.instantQuery(q, 'metric', 59 * s)).length, 1);
    assert.equal(vector(await short.instantQuery(q, 'metric', 60 * s)).length, 0);
    assert.deepEqual(q.selects.at(-1)!.mint, 1, 'only (t - lookback, t] is read');
    assert.deepEqual(q.selects.at(-1)!.maxt, 60 * s);
  });

  it('hides a series whose latest sample is a staleness marker', async () => {
    const q = new MemoryQueryable();
    q.addSeries({ __name__: 'metric' }, [[0, 0], [10 * s, 1], [20 * s, 'stale'], [30 * s, 2]]);
    q.add({ __name__: 'metric', other: 'x' }, 20 * s, 9);
    const at = async (t: number) => vector(await engine.instantQuery(q, 'metric', t));
    assert.deepEqual(await at(10 * s), ['{__name__="metric"} 1']);
    assert.deepEqual(await at(25 * s), ['{__name__="metric", other="x"} 9']);
    assert.deepEqual(await at(30 * s), ['{__name__="metric", other="x"} 9', '{__name__="metric"} 2']);
  });

  it('returns an empty vector when nothing matches', async () => {
    assert.deepEqual(vector(await new Engine().instantQuery(new MemoryQueryable(), 'nothing', 0)), []);
  });
});

describe('Engine: literals', () => {
  const engine = new Engine();
  const empty = new MemoryQueryable();

  it('evaluates a number to a scalar and a string to a string', async () => {
    assert.deepEqual(await engine.instantQuery(empty, '-1.5', 5000), { type: 'scalar', t: 5000, v: -1.5, warnings: [], infos: [] });
    assert.deepEqual(await engine.instantQuery(empty, '(5m)', 0), { type: 'scalar', t: 0, v: 300, warnings: [], infos: [] });
    assert.deepEqual(await engine.instantQuery(empty, '"hello"', 1000), { type: 'string', t: 1000, v: 'hello', warnings: [], infos: [] });
  });

  it('accepts an already parsed expression', async () => {
    const result = await engine.instantQuery(empty, { kind: 'NumberLiteral', value: 2, duration: false, pos: { start: 0, end: 1 } }, 0);
    assert.equal(result.type === 'scalar' && result.v, 2);
  });
});

describe('Engine: range queries', () => {
  const engine = new Engine();

  it('evaluates at every step and returns a matrix sorted by labels', async () => {
    const q = new MemoryQueryable();
    q.addSeries({ __name__: 'metric', b: '2' }, [[0, 1], [60 * s, 2], [120 * s, 3]]);
    q.addSeries({ __name__: 'metric', b: '1' }, [[30 * s, 10]]);
    q.addSeries({ __name__: 'metric', a: 'z' }, [[1000 * m, 1]]);
    const result = await engine.rangeQuery(q, 'metric', 0, 6 * m, m);
    assert.equal(result.type, 'matrix');
    if (result.type !== 'matrix') return;
    assert.deepEqual(result.series.map((x) => x.labels.toString()), ['{__name__="metric", b="1"}', '{__name__="metric", b="2"}']);
    const [b1, b2] = result.series;
    assert.deepEqual([...b1!.timestamps], [m, 2 * m, 3 * m, 4 * m, 5 * m]);
    assert.deepEqual([...b1!.values], [10, 10, 10, 10, 10]);
    assert.deepEqual([...b2!.timestamps], [0, m, 2 * m, 3 * m, 4 * m, 5 * m, 6 * m]);
    assert.deepEqual([...b2!.values], [1, 2, 3, 3, 3, 3, 3]);
    assert.deepEqual(q.selects.at(-1)!.hints, { start: -5 * m + 1, end: 6 * m, step: m });
  });

  it('leaves gaps where a series is stale or outside the lookback', async () => {
    const q = new MemoryQueryable();
    q.addSeries({ __name__: 'metric' }, [[0, 0], [10 * s, 1], [20 * s, 'stale'], [30 * s, 2]]);
    const result = await engine.rangeQuery(q, 'metric', 0, 400 * s, 10 * s);
    assert.ok(result.type === 'matrix');
    const [series] = result.series;
    const points = [...series!.timestamps].map((t, i) => `${t / s}:${series!.values[i]}`);
    assert.deepEqual(points.slice(0, 4), ['0:0', '10:1', '30:2', '40:2']);
    assert.equal(points.at(-1), '320:2', 'the last sample at 30s stays visible until 330s (exclusive)');
  });

  it('turns a scalar into one label-less series', async () => {
    const result = await engine.rangeQuery(new MemoryQueryable(), '3', 0, 2 * m, m);
    assert.deepEqual(result, { type: 'matrix', series: [{ labels: Labels.EMPTY, timestamps: [0, m, 2 * m], values: [3, 3, 3] }], warnings: [], infos: [] });
  });

  it('rejects strings, bad steps and inverted ranges as bad data', async () => {
    const empty = new MemoryQueryable();
    const errors = [
      await rejection(engine.rangeQuery(empty, '"x"', 0, m, m)),
      await rejection(engine.rangeQuery(empty, '1', 0, m, 0)),
      await rejection(engine.rangeQuery(empty, '1', m, 0, m)),
    ];
    assert.deepEqual(errors.map((e) => e instanceof QueryError && [e.kind, e.message]), [
      ['bad_data', 'invalid expression type "string" for range query, must be Scalar or instant Vector'],
      ['bad_data', 'zero or negative query resolution step widths are not accepted. Try a positive integer'],
      ['bad_data', 'end timestamp must not be before start time'],
    ]);
  });
});

describe('Engine: errors and limits', () => {
  it('throws parse errors as PromQLParseError', async () => {
    const e = await rejection(new Engine().instantQuery(new MemoryQueryable(), 'foo{', 0));
    assert.ok(e instanceof PromQLParseError);
    assert.equal(e.message, '1:5: parse error: unexpected end of input inside braces');
  });

  it('fails when a query would hold more samples than allowed', async () => {
    const q = new MemoryQueryable();
    for (let i = 0; i < 5; i++) q.add({ __name__: 'metric', i: String(i) }, 0, i);
    const engine = new Engine({ maxSamples: 4 });
    const e = await rejection(engine.instantQuery(q, 'metric', 0));
    assert.ok(e instanceof QueryError);
    assert.equal(e.kind, 'execution');
    assert.equal(e.message, 'query processing would load too many samples into memory in query execution');
    assert.equal(vector(await new Engine({ maxSamples: 5 }).instantQuery(q, 'metric', 0)).length, 5);
  });

  it('reports cancellation and timeouts with their kinds', async () => {
    const q = new MemoryQueryable();
    const aborted = new AbortController();
    aborted.abort();
    const canceled = await rejection(new Engine().instantQuery(q, 'metric', 0, aborted.signal));
    assert.ok(canceled instanceof QueryError && canceled.kind === 'canceled');
    assert.equal(canceled.message, 'query was canceled in query preparation');

    const timedOutSignal = AbortSignal.timeout(0);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const viaSignal = await rejection(new Engine().instantQuery(q, 'metric', 0, timedOutSignal));
    assert.ok(viaSignal instanceof QueryError && viaSignal.kind === 'timeout');

    const never: Queryable = { ...q, select: () => new Promise(() => {}), labelNames: q.labelNames, labelValues: q.labelValues };
    const slow = await rejection(new Engine({ timeoutMs: 20 }).instantQuery(never, 'metric', 0));
    assert.ok(slow instanceof QueryError && slow.kind === 'timeout');
    assert.equal(slow.message, 'query timed out in query preparation');

    const controller = new AbortController();
    const pending = new Engine().instantQuery(never, 'metric', 0, controller.signal);
    controller.abort();
    const stopped = await rejection(pending);
    assert.ok(stopped instanceof QueryError && stopped.kind === 'canceled');
  });
});

describe('the parse cache', () => {
  it('serves a repeated query text at other times and over other data with the right answers', async () => {
    const engine = new Engine();
    const q = new MemoryQueryable();
    q.add({ __name__: 'x' }, 0, 1);
    q.add({ __name__: 'x' }, 10 * m, 2);
    const text = 'sum(x) + count_over_time(x[20m])';
    assert.deepEqual(vector(await engine.instantQuery(q, text, 1 * m)), ['{} 2']);
    assert.deepEqual(vector(await engine.instantQuery(q, text, 11 * m)), ['{} 4']);
    assert.deepEqual(vector(await engine.instantQuery(httpRequests(), 'sum(http_requests)', 0)), ['{} 10']);
    assert.deepEqual(vector(await engine.instantQuery(q, 'sum(http_requests)', 0)), []);
  });

  it('does not remember parse errors: each bad query fails', async () => {
    const engine = new Engine();
    for (let i = 0; i < 2; i++) assert.ok((await rejection(engine.instantQuery(new MemoryQueryable(), 'sum(', 0))) instanceof PromQLParseError);
  });
});
