/**
 * A query is canceled when its client's connection closes before the answer, freeing its
 * --query.max-concurrency slot; a `timeout` parameter ends only its own query, and the queries of
 * a keep-alive connection run one after another on the same connection as usual.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { Engine } from '../../src/lang/promql/engine.js';
import type { Queryable } from '../../src/model/storage.js';
import { registerQueryEndpoints } from '../../src/server/api/queryEndpoints.js';
import { pollUntil } from '../support/poll.js';
import { serveRoutes } from '../support/routerServer.js';

// Selecting `hang` never finishes; anything else finds no series at once.
let hangingSelects = 0;
const storage: Queryable = {
  select: (matchers) => {
    if (matchers.some((m) => m.value === 'hang')) {
      hangingSelects++;
      return new Promise(() => {});
    }
    return Promise.resolve([]);
  },
  labelNames: async () => [],
  labelValues: async () => [],
};

let server: { url: string; close: () => Promise<void> };

before(async () => {
  // One query at a time, and an engine timeout far beyond the test's deadlines.
  const engine = new Engine({ timeoutMs: 600_000 });
  server = await serveRoutes((r) => registerQueryEndpoints(r, { engine, storage, defaultTimeoutMs: 600_000, maxConcurrency: 1 }));
});

after(() => server.close());

interface Reply {
  readonly status: number;
  readonly body: string;
  readonly socket: Socket;
}

function get(query: Record<string, string>, agent: Agent | false, onSocket: (socket: Socket) => void = () => undefined): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}/api/v1/query?${new URLSearchParams({ time: '100', ...query })}`, { agent }, (res: IncomingMessage) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body, socket: res.socket }));
    });
    req.on('socket', onSocket);
    req.on('error', reject);
    req.end();
  });
}

test('a client gone before its answer frees its query slot for the next query', { timeout: 30_000 }, async () => {
  const before = hangingSelects;
  let socket: Socket | undefined;
  const abandoned = get({ query: 'hang' }, false, (s) => (socket = s)).catch(() => undefined);
  await pollUntil('the first query to wait on storage', () => (hangingSelects > before ? true : undefined));
  socket!.destroy();
  await abandoned;
  // The only slot was taken by the abandoned query: this one is answered once that query is canceled.
  const next = await get({ query: 'up' }, false);
  assert.equal(next.status, 200);
  assert.equal(next.body, '{"status":"success","data":{"resultType":"vector","result":[]}}');
});

test('a timeout ends its own query; the connection goes on serving the next ones', { timeout: 30_000 }, async () => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const first = await get({ query: 'up' }, agent);
    const timedOut = await get({ query: 'hang', timeout: '0.05' }, agent);
    assert.equal(timedOut.status, 503);
    assert.equal(timedOut.body, '{"status":"error","errorType":"timeout","error":"query timed out in query preparation"}');
    const after = await get({ query: 'up' }, agent);
    assert.equal(after.status, 200);
    assert.equal(timedOut.socket, first.socket, 'one keep-alive connection');
    assert.equal(after.socket, first.socket, 'one keep-alive connection');
  } finally {
    agent.destroy();
  }
});
