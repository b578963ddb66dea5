import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registerAdminEndpoints } from '../../src/server/api/adminEndpoints.js';
import { registerStatusEndpoints } from '../../src/server/api/statusEndpoints.js';
import { corsMiddleware } from '../../src/server/cors.js';
import { serveRoutes } from '../support/routerServer.js';

test('admin endpoints answer "admin APIs disabled" like Prometheus unless enabled', async () => {
  const deleted: string[] = [];
  const disabled = await serveRoutes((r) => registerAdminEndpoints(r, false, {}));
  const enabled = await serveRoutes((r) =>
    registerAdminEndpoints(r, true, { deleteSeries: async (m) => void deleted.push(m.map(String).join(',')), snapshot: async () => '20260101T000000Z-abc' }),
  );
  try {
    const res = await fetch(`${disabled.url}/api/v1/admin/tsdb/delete_series?match[]=up`, { method: 'POST' });
    assert.equal(res.status, 500);
    assert.deepEqual(await res.json(), { status: 'error', errorType: 'unavailable', error: 'admin APIs disabled' });

    assert.equal((await fetch(`${enabled.url}/api/v1/admin/tsdb/delete_series?match[]=up{job="a"}`, { method: 'POST' })).status, 204);
    assert.deepEqual(deleted, ['job="a",__name__="up"']);
    const missing = await fetch(`${enabled.url}/api/v1/admin/tsdb/delete_series`, { method: 'POST' });
    assert.equal(missing.status, 400);
    assert.deepEqual(await (await fetch(`${enabled.url}/api/v1/admin/tsdb/snapshot`, { method: 'POST' })).json(), { status: 'success', data: { name: '20260101T000000Z-abc' } });
    const unsupported = await fetch(`${enabled.url}/api/v1/admin/tsdb/clean_tombstones`, { method: 'POST' });
    assert.equal((await unsupported.json() as { errorType: string }).errorType, 'unavailable');
  } finally {
    await disabled.close();
    await enabled.close();
  }
});

test('status endpoints report flags, build and runtime information', async () => {
  const server = await serveRoutes((r) =>
    registerStatusEndpoints(r, {
      flags: { 'query.timeout': '2m' },
      startTimeMs: Date.parse('2026-01-01T00:00:00Z'),
      retentionTimeMs: 15 * 86_400_000,
      retentionSizeBytes: 0,
      lastReload: () => ({ success: true, atMs: Date.parse('2026-01-01T00:00:01Z') }),
      configYaml: () => 'global:\n  scrape_interval: 1m\n',
      tsdbStats: (limit) => ({ headStats: { numSeries: 1 }, seriesCountByMetricName: [{ name: 'up', value: limit }] }),
    }),
  );
  try {
    const get = async (path: string) => ((await (await fetch(`${server.url}${path}`)).json()) as { data: Record<string, unknown> }).data;
    assert.deepEqual(await get('/api/v1/status/flags'), { 'query.timeout': '2m' });
    assert.deepEqual(await get('/api/v1/status/config'), { yaml: 'global:\n  scrape_interval: 1m\n' });
    const runtime = await get('/api/v1/status/runtimeinfo');
    assert.equal(runtime.startTime, '2026-01-01T00:00:00.000Z');
    assert.equal(runtime.reloadConfigSuccess, true);
    assert.equal(runtime.storageRetention, '15d');
    assert.deepEqual(Object.keys(await get('/api/v1/status/buildinfo')), ['version', 'revision', 'branch', 'buildUser', 'buildDate', 'goVersion']);
    assert.deepEqual(await get('/api/v1/alertmanagers'), { activeAlertmanagers: [], droppedAlertmanagers: [] });
    assert.deepEqual(await get('/api/v1/status/tsdb?limit=3'), { headStats: { numSeries: 1 }, seriesCountByMetricName: [{ name: 'up', value: 3 }] });
  } finally {
    await server.close();
  }
});

test('CORS: any origin gets *, a pattern echoes matching origins only, OPTIONS is answered', async () => {
  const any = await serveRoutes((r) => {
    r.use('/api', corsMiddleware('.*'));
    r.get('/api/x', (_q, s) => void s.send('ok'));
  });
  const some = await serveRoutes((r) => {
    r.use('/api', corsMiddleware('https?://(a|b)\\.example'));
    r.get('/api/x', (_q, s) => void s.send('ok'));
  });
  try {
    const wildcard = await fetch(`${any.url}/api/x`, { headers: { origin: 'http://z.example' } });
    assert.equal(wildcard.headers.get('access-control-allow-origin'), '*');
    assert.equal(wildcard.headers.get('access-control-allow-methods'), 'GET, POST, OPTIONS');
    assert.equal((await fetch(`${any.url}/api/x`)).headers.get('access-control-allow-origin'), null);
    assert.equal((await fetch(`${some.url}/api/x`, { headers: { origin: 'https://a.example' } })).headers.get('access-control-allow-origin'), 'https://a.example');
    assert.equal((await fetch(`${some.url}/api/x`, { headers: { origin: 'https://a.example.evil' } })).headers.get('access-control-allow-origin'), null);
    assert.equal((await fetch(`${some.url}/api/x`, { method: 'OPTIONS', headers: { origin: 'https://b.example' } })).status, 200);
  } finally {
    await any.close();
    await some.close();
  }
});
