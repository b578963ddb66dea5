import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../src/lang/promql/engine.js';
import { Labels } from '../../src/model/labels.js';
import { registerQueryEndpoints } from '../../src/server/api/queryEndpoints.js';
import { MemoryHead } from '../../src/storage/memoryHead.js';
import { serveRoutes } from '../support/routerServer.js';

let server: { url: string; close: () => Promise<void> };

before(async () => {
  const head = new MemoryHead();
  const app = head.appender();
  for (let i = 0; i < 3; i++) {
    for (let k = 0; k <= 10; k++) app.append(0, Labels.from({ __name__: 'temperature', room: `r${i}` }), k * 15_000, 20 + k + i);
  }
  await app.commit();
  const engine = new Engine({ lookbackDeltaMs: 300_000, maxSamples: 1_000, timeoutMs: 10_000 });
  server = await serveRoutes((r) => registerQueryEndpoints(r, { engine, storage: head, defaultTimeoutMs: 10_000, maxConcurrency: 2 }));
});

after(() => server.close());

async function get(path: string): Promise<Record<string, unknown>> {
  return (await (await fetch(`${server.url}${path}`)).json()) as Record<string, unknown>;
}

test('annotations come back as infos/warnings beside the data', async () => {
  const body = await get(`/api/v1/query?${new URLSearchParams({ query: 'rate(temperature[1m])', time: '150' })}`);
  assert.equal(body.status, 'success');
  assert.deepEqual(body.infos, ['PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "temperature" (1:6)']);
});

test('limit cuts vectors and matrices to that many series with a warning', async () => {
  const vector = await get(`/api/v1/query?${new URLSearchParams({ query: 'temperature', time: '150', limit: '2' })}`);
  assert.equal((vector.data as { result: unknown[] }).result.length, 2);
  assert.deepEqual(vector.warnings, ['results truncated due to limit']);
  const matrix = await get(`/api/v1/query_range?${new URLSearchParams({ query: 'temperature', start: '0', end: '150', step: '15', limit: '1' })}`);
  assert.equal((matrix.data as { result: unknown[] }).result.length, 1);
  const all = await get(`/api/v1/query?${new URLSearchParams({ query: 'temperature', time: '150' })}`);
  assert.equal((all.data as { result: unknown[] }).result.length, 3);
  assert.equal(all.warnings, undefined);
});

test('format_query prints the expression the way Prometheus does', async () => {
  const body = await get(`/api/v1/format_query?${new URLSearchParams({ query: 'sum by(job)(rate(x[5m]))' })}`);
  assert.deepEqual(body, { status: 'success', data: 'sum by (job) (rate(x[5m]))' });
});

test('the sample limit is an execution error like Prometheus\'s', async () => {
  const res = await fetch(`${server.url}/api/v1/query_range?${new URLSearchParams({ query: 'temperature', start: '0', end: '1500', step: '1' })}`);
  assert.equal(res.status, 422);
  assert.deepEqual(await res.json(), { status: 'error', errorType: 'execution', error: 'query processing would load too many samples into memory in query execution' });
});
