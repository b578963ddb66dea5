import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../src/lang/promql/engine.js';
import { ALL_FEATURES, type ParseOptions } from '../../src/lang/promql/parser.js';
import { registerQueryEndpoints } from '../../src/server/api/queryEndpoints.js';
import { MemoryHead } from '../../src/storage/memoryHead.js';
import { serveRoutes } from '../support/routerServer.js';

type Server = { url: string; close: () => Promise<void> };
let withFeatures: Server;
let withoutFeatures: Server;

async function serve(parseOptions: ParseOptions): Promise<Server> {
  const engine = new Engine({ lookbackDeltaMs: 300_000, maxSamples: 1_000, timeoutMs: 10_000 });
  return serveRoutes((r) => registerQueryEndpoints(r, { engine, storage: new MemoryHead(), defaultTimeoutMs: 10_000, maxConcurrency: 1, parseOptions }));
}

before(async () => {
  withFeatures = await serve(ALL_FEATURES);
  withoutFeatures = await serve({});
});

after(async () => {
  await withFeatures.close();
  await withoutFeatures.close();
});

async function parseQuery(query: string, server = withFeatures): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${server.url}/api/v1/parse_query?${new URLSearchParams({ query })}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function treeOf(query: string): Promise<unknown> {
  const { status, body } = await parseQuery(query);
  assert.equal(status, 200, `${query}: ${JSON.stringify(body)}`);
  assert.equal(body.status, 'success');
  return body.data;
}

// Expected trees are written out in full; these only spare repeating the fields every selector has.
const NO_AT = { startOrEnd: null, timestamp: null };
const nameMatcher = (name: string) => ({ name: '__name__', type: '=', value: name });
const selector = (name: string, extra: Record<string, unknown> = {}) => ({
  anchored: false, matchers: [nameMatcher(name)], name, offset: 0, offsetExpr: null, smoothed: false, ...NO_AT, type: 'vectorSelector', ...extra,
});
const matrix = (name: string, range: number, extra: Record<string, unknown> = {}) => ({
  anchored: false, matchers: [nameMatcher(name)], name, offset: 0, offsetExpr: null, range, rangeExpr: null, smoothed: false, ...NO_AT,
  type: 'matrixSelector', ...extra,
});
const num = (val: string, duration = false) => ({ duration, type: 'numberLiteral', val });
const dur = (op: string, lhs: unknown, rhs: unknown, wrapped = false) => ({ lhs, op, rhs, type: 'durationExpr', wrapped });

test('a selector comes back with its matchers (the name matcher last) and Prometheus\'s key order', async () => {
  const res = await fetch(`${withFeatures.url}/api/v1/parse_query?${new URLSearchParams({ query: 'http_requests{code=~"5..",job!="x"}' })}`);
  assert.equal(res.headers.get('content-type'), 'application/json');
  assert.equal(
    await res.text(),
    '{"status":"success","data":{"anchored":false,"matchers":[{"name":"code","type":"=~","value":"5.."},{"name":"job","type":"!=","value":"x"},' +
      '{"name":"__name__","type":"=","value":"http_requests"}],"name":"http_requests","offset":0,"offsetExpr":null,"smoothed":false,' +
      '"startOrEnd":null,"timestamp":null,"type":"vectorSelector"}}',
  );
  assert.deepEqual(await treeOf('{__name__=~"job:.*"}'), selector('', { matchers: [{ name: '__name__', type: '=~', value: 'job:.*' }] }));
});

test('aggregations carry their grouping, parameter and without flag', async () => {
  assert.deepEqual(await treeOf('sum by (job, instance) (rate(http_requests_total[5m]))'), {
    expr: { args: [matrix('http_requests_total', 300_000)], func: { argTypes: ['matrix'], name: 'rate', returnType: 'vector', variadic: 0 }, type: 'call' },
    grouping: ['job', 'instance'],
    op: 'sum',
    param: null,
    type: 'aggregation',
    without: false,
  });
  assert.deepEqual(await treeOf('topk without () (3, x)'), { expr: selector('x'), grouping: [], op: 'topk', param: num('3'), type: 'aggregation', without: true });
  assert.deepEqual(await treeOf('count_values("value", x)'), {
    expr: selector('x'), grouping: [], op: 'count_values', param: { type: 'stringLiteral', val: 'value' }, type: 'aggregation', without: false,
  });
});

test('binary expressions: vector matching only between two vectors, set operators many-to-many, bool', async () => {
  assert.deepEqual(await treeOf('a / on (job) group_left (zone) b'), {
    bool: false,
    lhs: selector('a'),
    matching: { card: 'many-to-one', fillValues: { lhs: null, rhs: null }, include: ['zone'], labels: ['job'], on: true },
    op: '/',
    rhs: selector('b'),
    type: 'binaryExpr',
  });
  assert.deepEqual(await treeOf('a unless ignoring (x) b'), {
    bool: false,
    lhs: selector('a'),
    matching: { card: 'many-to-many', fillValues: { lhs: null, rhs: null }, include: [], labels: ['x'], on: false },
    op: 'unless',
    rhs: selector('b'),
    type: 'binaryExpr',
  });
  assert.deepEqual(await treeOf('a > bool 0.5'), { bool: true, lhs: selector('a'), matching: null, op: '>', rhs: num('0.5'), type: 'binaryExpr' });
  assert.deepEqual(await treeOf('1 + 2 * 3'), {
    bool: false,
    lhs: num('1'),
    matching: null,
    op: '+',
    rhs: { bool: false, lhs: num('2'), matching: null, op: '*', rhs: num('3'), type: 'binaryExpr' },
    type: 'binaryExpr',
  });
  assert.deepEqual(await treeOf('a + fill_left (0) fill_right (-1.5) b'), {
    bool: false,
    lhs: selector('a'),
    matching: { card: 'one-to-one', fillValues: { lhs: 0, rhs: -1.5 }, include: [], labels: [], on: false },
    op: '+',
    rhs: selector('b'),
    type: 'binaryExpr',
  });
});

test('unary, parentheses and number literals as Go formats them (fixed notation, never an exponent)', async () => {
  assert.deepEqual(await treeOf('-(x)'), { expr: { expr: selector('x'), type: 'parenExpr' }, op: '-', type: 'unaryExpr' });
  assert.deepEqual(await treeOf('-1'), num('-1'));
  assert.deepEqual(await treeOf('1e-7'), num('0.0000001'));
  assert.deepEqual(await treeOf('2.5e21'), num('2500000000000000000000'));
  assert.deepEqual(await treeOf('0x1F'), num('31'));
  assert.deepEqual(await treeOf('Inf'), num('+Inf'));
  assert.deepEqual(await treeOf('-Inf'), num('-Inf'));
  assert.deepEqual(await treeOf('NaN'), num('NaN'));
  assert.deepEqual(await treeOf('"a\\tb"'), { type: 'stringLiteral', val: 'a\tb' });
  // A duration used as a number is seconds and says so.
  assert.deepEqual(await treeOf('time() - 1h30m'), {
    bool: false,
    lhs: { args: [], func: { argTypes: [], name: 'time', returnType: 'scalar', variadic: 0 }, type: 'call' },
    matching: null,
    op: '-',
    rhs: num('5400', true),
    type: 'binaryExpr',
  });
});

test('function signatures include variadic counts and argument types', async () => {
  assert.deepEqual(await treeOf('round(x)'), { args: [selector('x')], func: { argTypes: ['vector', 'scalar'], name: 'round', returnType: 'vector', variadic: 1 }, type: 'call' });
  assert.deepEqual(await treeOf('label_join(x, "d", ",", "a", "b")'), {
    args: [selector('x'), ...['d', ',', 'a', 'b'].map((val) => ({ type: 'stringLiteral', val }))],
    func: { argTypes: ['vector', 'string', 'string', 'string'], name: 'label_join', returnType: 'vector', variadic: -1 },
    type: 'call',
  });
});

test('offsets and @ are milliseconds; start() and end() are named', async () => {
  assert.deepEqual(await treeOf('x offset -5m'), selector('x', { offset: -300_000 }));
  assert.deepEqual(await treeOf('x @ 1.5 offset 1d'), selector('x', { offset: 86_400_000, timestamp: 1500 }));
  assert.deepEqual(await treeOf('x[1m] @ end()'), matrix('x', 60_000, { startOrEnd: 'end' }));
  assert.deepEqual(await treeOf('max_over_time(x[10m:30s] @ start() offset 1m)'), {
    args: [{
      expr: selector('x'), offset: 60_000, offsetExpr: null, range: 600_000, rangeExpr: null, startOrEnd: 'start', step: 30_000, stepExpr: null, timestamp: null,
      type: 'subquery',
    }],
    func: { argTypes: ['matrix'], name: 'max_over_time', returnType: 'vector', variadic: 0 },
    type: 'call',
  });
  assert.deepEqual(await treeOf('(a + b)[5m:]'), {
    expr: { expr: { bool: false, lhs: selector('a'), matching: { card: 'one-to-one', fillValues: { lhs: null, rhs: null }, include: [], labels: [], on: false }, op: '+', rhs: selector('b'), type: 'binaryExpr' }, type: 'parenExpr' },
    offset: 0, offsetExpr: null, range: 300_000, rangeExpr: null, startOrEnd: null, step: 0, stepExpr: null, timestamp: null, type: 'subquery',
  });
});

test('duration expressions are trees beside a zero range, offset or step', async () => {
  assert.deepEqual(await treeOf('x[5m+1m] offset (10m/2)'), matrix('x', 0, {
    rangeExpr: dur('+', num('300', true), num('60', true)),
    offsetExpr: dur('/', num('600', true), num('2'), true),
  }));
  assert.deepEqual(await treeOf('x offset -min_of(5s, step() + 8s)'), selector('x', {
    offsetExpr: dur('-', null, dur('min_of', num('5', true), dur('+', dur('step', null, null), num('8', true)))),
  }));
  assert.deepEqual(await treeOf('x[4s+4s:1s*2]'), {
    expr: selector('x'), offset: 0, offsetExpr: null, range: 0, rangeExpr: dur('+', num('4', true), num('4', true)), startOrEnd: null, step: 0,
    stepExpr: dur('*', num('1', true), num('2')), timestamp: null, type: 'subquery',
  });
  assert.deepEqual(await treeOf('x[max_of(range(), 1m)]'), matrix('x', 0, { rangeExpr: dur('max_of', dur('range', null, null), num('60', true)) }));
});

test('the extended range-selector modifiers are flags on the selector', async () => {
  assert.deepEqual(await treeOf('rate(x[5m] anchored)'), {
    args: [matrix('x', 300_000, { anchored: true })], func: { argTypes: ['matrix'], name: 'rate', returnType: 'vector', variadic: 0 }, type: 'call',
  });
  assert.deepEqual(await treeOf('x smoothed'), selector('x', { smoothed: true }));
});

test('syntax the server has not enabled is refused like in a query', async () => {
  const { status, body } = await parseQuery('rate(x[5m] anchored)', withoutFeatures);
  assert.equal(status, 400);
  assert.deepEqual(body, { status: 'error', errorType: 'bad_data', error: 'invalid parameter "query": 1:6: parse error: anchored modifier is experimental and not enabled' });
});

test('parse errors are bad_data naming the query parameter', async () => {
  assert.deepEqual(await parseQuery('sum(x'), {
    status: 400,
    body: { status: 'error', errorType: 'bad_data', error: 'invalid parameter "query": 1:6: parse error: unclosed left parenthesis' },
  });
  const res = await fetch(`${withFeatures.url}/api/v1/parse_query`);
  assert.equal(res.status, 400);
  assert.match(((await res.json()) as { error: string }).error, /^invalid parameter "query": .*no expression found in input$/);
});

test('POST with a form body parses the same', async () => {
  const res = await fetch(`${withFeatures.url}/api/v1/parse_query`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query: 'up == 0' }),
  });
  assert.deepEqual(await res.json(), { status: 'success', data: { bool: false, lhs: selector('up'), matching: null, op: '==', rhs: num('0'), type: 'binaryExpr' } });
});
