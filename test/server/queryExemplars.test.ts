import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../src/lang/promql/engine.js';
import { registerQueryEndpoints } from '../../src/server/api/queryEndpoints.js';
import { MemoryHead } from '../../src/storage/memoryHead.js';
import { serveRoutes } from '../support/routerServer.js';

let server: { url: string; close: () => Promise<void> };

before(async () => {
  const engine = new Engine({ lookbackDeltaMs: 300_000, maxSamples: 1_000, timeoutMs: 10_000 });
  server = await serveRoutes((r) => registerQueryEndpoints(r, { engine, storage: new MemoryHead(), defaultTimeoutMs: 10_000, maxConcurrency: 1 }));
});

after(() => server.close());

async function exemplars(params: Record<string, string>): Promise<{ status: number; text: string }> {
  const res = await fetch(`${server.url}/api/v1/query_exemplars?${new URLSearchParams(params)}`);
  return { status: res.status, text: await res.text() };
}

function badData(error: string): { status: number; text: string } {
  return { status: 400, text: JSON.stringify({ status: 'error', errorType: 'bad_data', error }) };
}

const EMPTY = { status: 200, text: '{"status":"success","data":[]}' };

test('without exemplar storage a query with selectors finds none, with or without a time range', async () => {
  assert.deepEqual(await exemplars({ query: 'rate(http_requests_total{job="api"}[5m])' }), EMPTY);
  assert.deepEqual(await exemplars({ query: 'up', start: '2026-01-02T12:37:00Z', end: '1767361020' }), EMPTY);
  assert.deepEqual(await exemplars({ query: 'up', start: '', end: '' }), EMPTY);
});

test('a query without any selector has no content, as in Prometheus', async () => {
  assert.deepEqual(await exemplars({ query: '1 + 1' }), { status: 204, text: '' });
});

test('start and end are validated, and must be in order', async () => {
  assert.deepEqual(
    await exemplars({ query: 'up', start: 'abc' }),
    badData('invalid parameter "start": Invalid time value for \'start\': cannot parse "abc" to a valid timestamp'),
  );
  assert.deepEqual(
    await exemplars({ query: 'up', end: 'tomorrow' }),
    badData('invalid parameter "end": Invalid time value for \'end\': cannot parse "tomorrow" to a valid timestamp'),
  );
  assert.deepEqual(await exemplars({ query: 'up', start: '10', end: '5' }), badData('end timestamp must not be before start timestamp'));
});

test('the query is required and parsed; its error does not name the parameter', async () => {
  assert.deepEqual(await exemplars({ query: 'up(' }), badData('1:4: parse error: unclosed left parenthesis'));
  const missing = await exemplars({});
  assert.equal(missing.status, 400);
  assert.match(missing.text, /"errorType":"bad_data","error":"[^"]*parse error: no expression found in input"/);
});

test('the time range is checked before the query', async () => {
  assert.deepEqual(await exemplars({ query: 'up(', start: '10', end: '5' }), badData('end timestamp must not be before start timestamp'));
});

test('POST takes the parameters from a form body', async () => {
  const res = await fetch(`${server.url}/api/v1/query_exemplars`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query: 'up', start: 'x' }),
  });
  assert.equal(res.status, 400);
  assert.equal(((await res.json()) as { error: string }).error, 'invalid parameter "start": Invalid time value for \'start\': cannot parse "x" to a valid timestamp');
});
