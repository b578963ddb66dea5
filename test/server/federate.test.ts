import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatGoFloat } from '../../src/lang/exposition/expositionWriter.js';
import { Labels } from '../../src/model/labels.js';
import { STALE_NAN } from '../../src/model/staleness.js';
import { registerFederateEndpoint } from '../../src/server/federateEndpoint.js';
import { MemoryHead } from '../../src/storage/memoryHead.js';
import { serveRoutes } from '../support/routerServer.js';

test('floats are written like Go expfmt (%g, shortest)', () => {
  const cases: Array<[number, string]> = [
    [1, '1'], [0.5, '0.5'], [7439736, '7.439736e+06'], [1795553315, '1.795553315e+09'], [123456, '123456'],
    [5.836e-5, '5.836e-05'], [0.000306545, '0.000306545'], [NaN, 'NaN'], [Infinity, '+Inf'], [-Infinity, '-Inf'], [1e21, '1e+21'], [-2.5e-7, '-2.5e-07'],
  ];
  for (const [v, text] of cases) assert.equal(formatGoFloat(v), text, String(v));
});

let server: { url: string; close: () => Promise<void> };
const NOW = 1_000_000;

before(async () => {
  const head = new MemoryHead();
  const app = head.appender();
  app.append(0, Labels.from({ __name__: 'up', job: 'a', instance: 'x:1' }), NOW - 10_000, 1);
  app.append(0, Labels.from({ __name__: 'up', job: 'b', instance: 'y:1', region: 'us' }), NOW - 5_000, 0);
  app.append(0, Labels.from({ __name__: 'gone', job: 'a' }), NOW - 20_000, 3);
  app.append(0, Labels.from({ __name__: 'gone', job: 'a' }), NOW - 10_000, STALE_NAN);
  app.append(0, Labels.from({ __name__: 'old', job: 'a' }), NOW - 400_000, 1);
  app.append(0, Labels.from({ __name__: 'bytes', job: 'a', path: 'a"b\\c' }), NOW - 1_000, 7439736);
  await app.commit();
  server = await serveRoutes((r) => registerFederateEndpoint(r, { storage: head, lookbackDeltaMs: 300_000, externalLabels: () => ({ region: 'eu', cluster: 'c1' }), now: () => NOW }));
});

after(() => server.close());

test('/federate writes the latest samples with external labels appended, skipping stale and old series', async () => {
  const res = await fetch(`${server.url}/federate?match[]=up&match[]={job="a"}`);
  assert.equal(res.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
  assert.equal(
    await res.text(),
    [
      '# TYPE bytes untyped',
      'bytes{job="a",path="a\\"b\\\\c",cluster="c1",region="eu"} 7.439736e+06 999000',
      '# TYPE up untyped',
      'up{instance="x:1",job="a",cluster="c1",region="eu"} 1 990000',
      'up{instance="y:1",job="b",region="us",cluster="c1"} 0 995000',
      '',
    ].join('\n'),
  );
  assert.equal(await (await fetch(`${server.url}/federate`)).text(), '');
  const bad = await fetch(`${server.url}/federate?match[]=up{`);
  assert.equal(bad.status, 400);
  assert.equal(await bad.text(), '1:4: parse error: unexpected end of input inside braces\n');
});
