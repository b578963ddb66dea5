import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Labels } from '../../src/model/labels.js';
import { decodeLabelNameParam, registerSeriesEndpoints } from '../../src/server/api/seriesEndpoints.js';
import { MemoryHead } from '../../src/storage/memoryHead.js';
import { serveRoutes } from '../support/routerServer.js';

let server: { url: string; close: () => Promise<void> };

before(async () => {
  const head = new MemoryHead();
  const app = head.appender();
  app.append(0, Labels.from({ __name__: 'up', job: 'api', instance: 'a:1' }), 1000, 1);
  app.append(0, Labels.from({ __name__: 'up', job: 'db', instance: 'b:1' }), 1000, 0);
  app.append(0, Labels.from({ __name__: 'http_requests_total', job: 'api', code: '200' }), 5000, 7);
  await app.commit();
  server = await serveRoutes((router) => registerSeriesEndpoints(router, head));
});

after(() => server.close());

async function get(path: string, init?: RequestInit): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${server.url}${path}`, init);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

test('/api/v1/labels lists label names, filtered by match[] and time, with a limit', async () => {
  assert.deepEqual((await get('/api/v1/labels')).body, { status: 'success', data: ['__name__', 'code', 'instance', 'job'] });
  assert.deepEqual((await get('/api/v1/labels?match[]=up')).body.data, ['__name__', 'instance', 'job']);
  assert.deepEqual((await get('/api/v1/labels?start=2&end=10')).body.data, ['__name__', 'code', 'job']);
  assert.deepEqual((await get('/api/v1/labels?limit=2')).body, { status: 'success', data: ['__name__', 'code'], warnings: ['results truncated due to limit'] });
});

test('/api/v1/label/<name>/values with match[] (GET) and U__ escaped names', async () => {
  assert.deepEqual((await get('/api/v1/label/job/values')).body.data, ['api', 'db']);
  assert.deepEqual((await get('/api/v1/label/job/values?match[]={__name__="http_requests_total"}')).body.data, ['api']);
  assert.deepEqual((await get('/api/v1/label/nothing/values')).body.data, []);
  assert.equal(decodeLabelNameParam('U__my_2e_label'), 'my.label');
});

test('/api/v1/series by GET and form POST; errors for a missing or bad match[]', async () => {
  const byGet = await get('/api/v1/series?match[]=up&match[]=http_requests_total{code="200"}');
  assert.deepEqual(byGet.body.data, [
    { __name__: 'http_requests_total', code: '200', job: 'api' },
    { __name__: 'up', instance: 'a:1', job: 'api' },
    { __name__: 'up', instance: 'b:1', job: 'db' },
  ]);
  const byPost = await get('/api/v1/series', { method: 'POST', body: new URLSearchParams({ 'match[]': 'up{job="db"}' }) });
  assert.deepEqual(byPost.body.data, [{ __name__: 'up', instance: 'b:1', job: 'db' }]);
  assert.deepEqual(await get('/api/v1/series'), { status: 400, body: { status: 'error', errorType: 'bad_data', error: 'no match[] parameter provided' } });
  const bad = await get('/api/v1/series?match[]=up{');
  assert.equal(bad.status, 400);
  assert.match(String(bad.body.error), /^invalid parameter "match\[\]": 1:4: parse error: /);
  const badTime = await get('/api/v1/series?match[]=up&start=x');
  assert.equal(badTime.body.error, 'invalid parameter "start": Invalid time value for \'start\': cannot parse "x" to a valid timestamp');
});
