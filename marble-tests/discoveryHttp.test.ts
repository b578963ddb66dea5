import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { defer, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { HttpDiscoveryConfig } from '../src/config/discovery/index.js';
import type { TargetGroup } from '../src/model/targetGroup.js';
import type { HttpGetClient, HttpGetResponse } from '../src/sources/discovery/discoveryDeps.js';
import { httpDiscovery } from '../src/sources/discovery/httpDiscovery.js';
import { silentLogger } from '../src/telemetry/logger.js';
import { decodeOne } from '../test/config/discovery/sectionDecoding.js';

const URL = 'http://sd.example/targets';

function scheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => assert.deepEqual(actual, expected));
}

function config(refreshInterval = '1m'): HttpDiscoveryConfig {
  return decodeOne<HttpDiscoveryConfig>(`http_sd_configs: [{url: "${URL}", refresh_interval: ${refreshInterval}}]\n`, 'http');
}

function json(body: string, contentType = 'application/json; charset=utf-8'): HttpGetResponse {
  return { status: 200, statusLine: '200 OK', contentType, body };
}

/** A client answering each GET with the next scripted response, recording what was asked. */
function scriptedClient(ts: TestScheduler, responses: Array<Observable<HttpGetResponse>>) {
  const requests: Array<{ at: number; url: string; headers: Readonly<Record<string, string>> }> = [];
  let closed = false;
  const client: HttpGetClient = {
    get: (url, headers) =>
      defer(() => {
        requests.push({ at: ts.now(), url, headers });
        return responses.shift()!;
      }),
    close: () => {
      closed = true;
    },
  };
  return { factory: () => client, requests, isClosed: () => closed };
}

function group(index: number, addresses: string[], labels: Record<string, string> = {}): TargetGroup {
  return { source: `${URL}:${index}`, targets: addresses.map((a) => ({ __address__: a })), labels: { ...labels, __meta_url: URL } };
}

const removed = (index: number): TargetGroup => ({ source: `${URL}:${index}`, targets: [], labels: {} });

test('http_sd refreshes at once and every interval; sources are url:index, a shorter list removes the rest', () => {
  const ts = scheduler();
  ts.run(({ cold, expectObservable, flush }) => {
    const { factory, requests, isClosed } = scriptedClient(ts, [
      cold('-(r|)', { r: json('[{"targets": ["a:1", "b:1"], "labels": {"env": "prod"}}, {"targets": ["c:1"]}]') }),
      cold('-(r|)', { r: json('[{"targets": ["a:1"]}]') }),
    ]);
    const out = httpDiscovery(config(), { logger: silentLogger(), setName: 'job', httpClient: factory });
    expectObservable(out, '^ 70s !').toBe('-x 59999ms y', {
      x: [group(0, ['a:1', 'b:1'], { env: 'prod' }), group(1, ['c:1'])],
      y: [group(0, ['a:1']), removed(1)],
    });
    flush();
    assert.deepEqual(requests.map((r) => r.at), [0, 60_000]);
    assert.equal(requests[0]!.url, URL);
    assert.deepEqual(requests[0]!.headers, { accept: 'application/json', 'x-prometheus-refresh-interval-seconds': '60' });
    assert.ok(isClosed(), 'the client is closed when the provider stops');
  });
});

test('a failed refresh sends nothing, so the last groups stay; the very first failure sends an empty list', async () => {
  const registry = new Registry();
  const ts = scheduler();
  ts.run(({ cold, expectObservable }) => {
    const { factory } = scriptedClient(ts, [
      cold('(r|)', { r: { status: 503, statusLine: '503 Service Unavailable', contentType: 'text/plain', body: 'down' } }),
      cold('(r|)', { r: json('[{"targets": ["a:1"]}]') }),
      cold('(r|)', { r: json('[{"targets": ["b:1"]}]', 'text/html') }),
      cold('(r|)', { r: json('[{"targets": ["c:1"]}, null]') }),
      cold('(r|)', { r: json('[{"targets": [1]}]') }),
      cold('(r|)', { r: json('[{"targets": ["d:1"]}]') }),
    ]);
    const out = httpDiscovery(config(), { logger: silentLogger(), setName: 'job', httpClient: factory, registry });
    expectObservable(out, '^ 301s !').toBe('e 59999ms a 239999ms d', { e: [], a: [group(0, ['a:1'])], d: [group(0, ['d:1'])] });
  });
  const text = await registry.metrics();
  assert.match(text, /prometheus_sd_http_failures_total 4/);
  assert.match(text, /prometheus_sd_refresh_failures_total\{mechanism="http",config="job"\} 4/);
  assert.match(text, /prometheus_sd_refresh_duration_seconds_count\{mechanism="http",config="job"\} 6/);
});

test('a request that never answers fails after the refresh interval instead of stalling the provider', () => {
  const ts = scheduler();
  ts.run(({ cold, expectObservable, flush }) => {
    const answer = json('[{"targets": ["a:1"]}]');
    const { factory, requests } = scriptedClient(ts, [cold('-'), cold('-(r|)', { r: answer }), cold('-(r|)', { r: answer })]);
    const out = httpDiscovery(config('10s'), { logger: silentLogger(), setName: 'job', httpClient: factory });
    // The timeout fires before the next tick, which then starts a fresh request.
    expectObservable(out, '^ 25s !').toBe('10s ea 9999ms a', { e: [], a: [group(0, ['a:1'])] });
    flush();
    assert.deepEqual(requests.map((r) => r.at), [0, 10_000, 20_000]);
  });
});
