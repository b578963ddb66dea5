/**
 * The hot path for /api/v1/query and /api/v1/query_range answers byte for byte as the express
 * app alone does (same status, headers in the same order, same body), with and without a route
 * prefix, basic auth, extra headers and CORS; and it leaves to express what express must answer.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import bcrypt from 'bcryptjs';
import { Registry } from 'prom-client';
import { Engine } from '../../src/lang/promql/engine.js';
import { Labels } from '../../src/model/labels.js';
import { createExpressApp, createWebApp, type WebAppOptions } from '../../src/server/webApp.js';
import { MemoryHead } from '../../src/storage/memoryHead.js';
import { RulesView } from '../../src/streams/rulesView.js';
import { TargetsView } from '../../src/streams/targetsView.js';

// Express logs every error its final handler answers unless NODE_ENV is `test`; the answers stay the same.
process.env.NODE_ENV = 'test';

const NOW = 600_000;
const AUTH = `Basic ${Buffer.from('alice:s3cret').toString('base64')}`;

interface Exchange {
  readonly method?: string;
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

interface Answer {
  readonly status: number;
  /** Raw header lines in the order sent, without Date (it changes between requests). */
  readonly headers: readonly string[];
  readonly body: Buffer;
}

function exchange(baseUrl: string, e: Exchange): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // Host, port and path apart: a URL would be normalized (a fragment dropped) before sending.
    const { hostname, port } = new URL(baseUrl);
    const req = request({ hostname, port, path: e.path, method: e.method ?? 'GET', headers: e.headers, agent: false }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const headers: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          if (res.rawHeaders[i]!.toLowerCase() !== 'date') headers.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
        }
        resolve({ status: res.statusCode!, headers, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(e.body);
  });
}

async function listen(listener: RequestListener): Promise<{ url: string; server: Server }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function optionsWith(overrides: Partial<WebAppOptions>, storage: MemoryHead): WebAppOptions {
  const engine = new Engine({ lookbackDeltaMs: 300_000, maxSamples: 200, timeoutMs: 10_000 });
  return {
    routePrefix: '/',
    corsOrigin: '.*',
    basicAuthUsers: {},
    headers: {},
    enableAdminApi: false,
    adminStorage: {},
    lifecycle: { enableLifecycle: false, isReady: () => true, reload: async () => undefined, quit: () => undefined },
    query: { engine, storage, defaultTimeoutMs: 120_000, maxConcurrency: 4, now: () => NOW },
    targets: { view: new TargetsView(), externalUrl: new URL('http://localhost:9090/'), listenAddress: '127.0.0.1:9090' },
    rules: new RulesView(),
    status: {
      flags: {},
      startTimeMs: 0,
      retentionTimeMs: 0,
      retentionSizeBytes: 0,
      lastReload: () => ({ success: true, atMs: 0 }),
      configYaml: () => '',
      tsdbStats: () => ({}),
    },
    federate: { storage, lookbackDeltaMs: 300_000, externalLabels: () => ({}) },
    registry: new Registry(),
    ...overrides,
  };
}

const form = (values: Record<string, string>) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(values).toString(),
});
const q = (values: Record<string, string>): string => `?${new URLSearchParams(values)}`;

/** Requests the hot path answers itself (paths are relative to the route prefix). */
const HOT: ReadonlyArray<readonly [string, Exchange]> = [
  ['an instant vector', { path: `/api/v1/query${q({ query: 'temperature', time: '300' })}` }],
  ['the default time', { path: `/api/v1/query${q({ query: 'temperature{room="r1"}' })}` }],
  ['an RFC 3339 time and a limit', { path: `/api/v1/query${q({ query: 'temperature', time: '1970-01-01T00:05:00Z', limit: '1' })}` }],
  ['a scalar', { path: `/api/v1/query${q({ query: '1 + 1', time: '1.5' })}` }],
  ['a string result', { path: `/api/v1/query${q({ query: '"hello"', time: '2' })}` }],
  ['annotations', { path: `/api/v1/query${q({ query: 'rate(temperature[1m])', time: '300' })}` }],
  ['a range', { path: `/api/v1/query_range${q({ query: 'temperature', start: '0', end: '300', step: '15' })}` }],
  ['repeated parameters (the first counts)', { path: '/api/v1/query?query=temperature&query=nothing&time=60' }],
  ['+ and malformed escapes', { path: '/api/v1/query?query=temperature+%2B+1%zz&time=60' }],
  ['a parse error', { path: `/api/v1/query${q({ query: 'sum(' })}` }],
  ['a missing query', { path: '/api/v1/query' }],
  ['a bad time', { path: `/api/v1/query${q({ query: 'temperature', time: 'yesterday' })}` }],
  ['a bad timeout', { path: `/api/v1/query${q({ query: 'temperature', timeout: 'soon' })}` }],
  ['a bad limit', { path: `/api/v1/query${q({ query: 'temperature', limit: '-1' })}` }],
  ['an execution error (too many samples)', { path: `/api/v1/query_range${q({ query: 'temperature', start: '0', end: '300', step: '1' })}` }],
  ['end before start', { path: `/api/v1/query_range${q({ query: 'temperature', start: '300', end: '0', step: '15' })}` }],
  ['a zero step', { path: `/api/v1/query_range${q({ query: 'temperature', start: '0', end: '300', step: '0' })}` }],
  ['too many points', { path: `/api/v1/query_range${q({ query: 'temperature', start: '0', end: '300000', step: '1' })}` }],
  ['a missing start', { path: `/api/v1/query_range${q({ query: 'temperature', end: '300', step: '15' })}` }],
  ['a POST form', { path: '/api/v1/query', ...form({ query: 'temperature', time: '300' }) }],
  ['a POST form range', { path: '/api/v1/query_range', ...form({ query: 'temperature', start: '0', end: '300', step: '60' }) }],
  ['the form body winning over the query string', { path: `/api/v1/query${q({ query: 'nothing', time: '300' })}`, ...form({ query: 'temperature' }) }],
  ['a form with charset=utf-8', { path: '/api/v1/query', method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' }, body: 'query=temperature&time=300' }],
  ['a JSON body (not a form: the query string counts)', { path: `/api/v1/query${q({ query: 'temperature', time: '300' })}`, method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"query":"nothing"}' }],
  ['a gzip-compressed large answer', { path: `/api/v1/query_range${q({ query: 'temperature', start: '0', end: '300', step: '15' })}`, headers: { 'Accept-Encoding': 'gzip, deflate' } }],
  ['a small answer with Accept-Encoding', { path: `/api/v1/query${q({ query: 'temperature{room="r0"}', time: '300' })}`, headers: { 'Accept-Encoding': 'gzip' } }],
  ['deflate only', { path: `/api/v1/query_range${q({ query: 'temperature', start: '0', end: '300', step: '15' })}`, headers: { 'Accept-Encoding': 'deflate' } }],
  ['a compressed error', { path: `/api/v1/query_range${q({ query: 'temperature', start: '0', end: '300', step: '1' })}`, headers: { 'Accept-Encoding': 'gzip' } }],
  ['CORS headers for a matching origin', { path: `/api/v1/query${q({ query: 'temperature', time: '300' })}`, headers: { Origin: 'https://grafana.example' } }],
  ['CORS headers for another origin', { path: `/api/v1/query${q({ query: 'temperature', time: '300' })}`, headers: { Origin: 'https://evil.example' } }],
  ['CORS and gzip together', { path: `/api/v1/query_range${q({ query: 'temperature', start: '0', end: '300', step: '15' })}`, headers: { Origin: 'https://grafana.example', 'Accept-Encoding': 'gzip' } }],
];

/** Requests the hot path must leave to express. */
const EXPRESS: ReadonlyArray<readonly [string, Exchange]> = [
  ['a CORS preflight', { method: 'OPTIONS', path: '/api/v1/query', headers: { Origin: 'https://grafana.example', 'Access-Control-Request-Method': 'POST' } }],
  ['HEAD', { method: 'HEAD', path: `/api/v1/query${q({ query: 'temperature', time: '300' })}` }],
  ['a trailing slash', { path: `/api/v1/query/${q({ query: 'temperature', time: '300' })}` }],
  ['another letter case', { path: `/API/v1/Query${q({ query: 'temperature', time: '300' })}` }],
  ['a URL with a fragment', { path: '/api/v1/query?query=temperature&time=300#x' }],
  ['another endpoint', { path: `/api/v1/format_query${q({ query: 'sum(x)' })}` }],
  ['PUT', { method: 'PUT', path: `/api/v1/query${q({ query: 'temperature', time: '300' })}` }],
];

/** Bodies express's error handler rejects (its HTML page carries a stack trace, which depends on the caller). */
const BAD_BODIES: ReadonlyArray<readonly [string, Exchange]> = [
  ['too many form parameters', { path: '/api/v1/query', ...form(Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`p${i}`, '1']))) }],
  ['an unsupported charset', { path: '/api/v1/query', method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=latin9' }, body: 'query=temperature' }],
  ['an unknown content encoding', { path: '/api/v1/query', method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Encoding': 'snappy' }, body: 'query=temperature' }],
];

interface Setup {
  readonly name: string;
  readonly prefix: string;
  readonly overrides: Partial<WebAppOptions>;
  readonly auth?: string;
}

const SETUPS: readonly Setup[] = [
  { name: 'default flags', prefix: '', overrides: {} },
  {
    name: 'route prefix, basic auth, extra headers and a CORS origin pattern',
    prefix: '/prom',
    overrides: {
      routePrefix: '/prom',
      basicAuthUsers: { alice: bcrypt.hashSync('s3cret', 4) },
      headers: { 'X-Frame-Options': 'deny', 'Strict-Transport-Security': 'max-age=31536000' },
      corsOrigin: 'https://grafana\\.example',
    },
    auth: AUTH,
  },
];

let storage: MemoryHead;
const servers: Server[] = [];

before(async () => {
  storage = new MemoryHead();
  const app = storage.appender();
  for (let room = 0; room < 4; room++) {
    for (let k = 0; k <= 20; k++) app.append(0, Labels.from({ __name__: 'temperature', room: `r${room}`, site: 'a "quoted" \\ site' }), k * 15_000, 20 + k / 3 + room);
  }
  await app.commit();
});

after(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** The express app alone and the web app with its hot path, on the same storage, and the requests the latter gave to express. */
async function serversFor(setup: Setup): Promise<{ viaExpress: string; viaHotPath: string; handedToExpress: string[] }> {
  const options = optionsWith(setup.overrides, storage);
  const handedToExpress: string[] = [];
  const viaExpress = await listen(createExpressApp(options));
  const viaHotPath = await listen(createWebApp(options, (req) => handedToExpress.push(`${req.method} ${req.url}`)));
  servers.push(viaExpress.server, viaHotPath.server);
  return { viaExpress: viaExpress.url, viaHotPath: viaHotPath.url, handedToExpress };
}

const withAuth = (e: Exchange, setup: Setup, prefix = setup.prefix): Exchange => ({
  ...e,
  path: prefix + e.path,
  headers: { ...(setup.auth ? { Authorization: setup.auth } : {}), ...e.headers },
});

for (const setup of SETUPS) {
  test(`with ${setup.name}, the hot path answers the query endpoints byte for byte as express does`, async () => {
    const { viaExpress, viaHotPath, handedToExpress } = await serversFor(setup);
    for (const [what, e] of HOT) {
      const request = withAuth(e, setup);
      const [expected, actual] = [await exchange(viaExpress, request), await exchange(viaHotPath, request)];
      assert.deepEqual(actual, expected, what);
    }
    assert.deepEqual(handedToExpress, [], 'the hot path handed none of these to express');
    // The answers are what a client expects, not merely equal.
    const gzip = await exchange(viaHotPath, withAuth(HOT.find(([what]) => what === 'a gzip-compressed large answer')![1], setup));
    assert.ok(gzip.headers.includes('Content-Encoding: gzip'), gzip.headers.join('\n'));
    const cors = await exchange(viaHotPath, withAuth(HOT.find(([what]) => what === 'CORS headers for a matching origin')![1], setup));
    assert.ok(cors.headers.includes('Access-Control-Allow-Origin: ' + (setup.overrides.corsOrigin ? 'https://grafana.example' : '*')), cors.headers.join('\n'));
  });

  test(`with ${setup.name}, what the hot path does not serve goes to express and is answered the same`, async () => {
    const { viaExpress, viaHotPath, handedToExpress } = await serversFor(setup);
    for (const [what, e] of EXPRESS) {
      const request = withAuth(e, setup);
      assert.deepEqual(await exchange(viaHotPath, request), await exchange(viaExpress, request), what);
    }
    assert.equal(handedToExpress.length, EXPRESS.length);
    const preflight = await exchange(viaHotPath, withAuth(EXPRESS[0]![1], setup));
    assert.equal(preflight.status, 200);
  });

  test(`with ${setup.name}, a form body express rejects is rejected the same by express's error handler`, async () => {
    const { viaExpress, viaHotPath, handedToExpress } = await serversFor(setup);
    for (const [what, e] of BAD_BODIES) {
      const request = withAuth(e, setup);
      const [expected, actual] = [await exchange(viaExpress, request), await exchange(viaHotPath, request)];
      assert.equal(actual.status, expected.status, what);
      assert.ok(actual.status >= 400, `${what}: ${actual.status}`);
      const withoutLength = (a: Answer) => a.headers.filter((h) => !h.startsWith('Content-Length:'));
      assert.deepEqual(withoutLength(actual), withoutLength(expected), what);
      const firstLine = (a: Answer) => a.body.toString().split('<br>')[0];
      assert.equal(firstLine(actual), firstLine(expected), what);
    }
    assert.equal(handedToExpress.length, BAD_BODIES.length);
  });
}

test('without credentials, the hot path answers 401 as express does, before any other work', async () => {
  const setup = SETUPS[1]!;
  const { viaExpress, viaHotPath, handedToExpress } = await serversFor(setup);
  const path = `/prom/api/v1/query${q({ query: 'temperature', time: '300' })}`;
  const attempts: Array<Record<string, string>> = [{}, { Authorization: `Basic ${Buffer.from('alice:wrong').toString('base64')}` }, { Authorization: 'Bearer x', 'Accept-Encoding': 'gzip', Origin: 'https://grafana.example' }];
  for (const headers of attempts) {
    const expected = await exchange(viaExpress, { path, headers });
    assert.equal(expected.status, 401);
    assert.deepEqual(await exchange(viaHotPath, { path, headers }), expected);
    assert.deepEqual(await exchange(viaHotPath, { path, method: 'POST', headers, body: 'query=up' }), await exchange(viaExpress, { path, method: 'POST', headers, body: 'query=up' }));
  }
  assert.deepEqual(handedToExpress, []);
});

test('without the route prefix, query paths are not found, as with express', async () => {
  const setup = SETUPS[1]!;
  const { viaExpress, viaHotPath, handedToExpress } = await serversFor(setup);
  const request = withAuth({ path: `/api/v1/query${q({ query: 'temperature' })}` }, setup, '');
  const expected = await exchange(viaExpress, request);
  assert.equal(expected.status, 404);
  assert.deepEqual(await exchange(viaHotPath, request), expected);
  assert.equal(handedToExpress.length, 1);
});
