/**
 * The server with its TSDB: /-/ready answers 503 while the WAL replays and 200 once it is done,
 * with Prometheus-like replay progress in the log; the replayed samples are then served.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { Labels } from '../../src/model/labels.js';
import { Tsdb } from '../../src/storage/tsdb.js';
import { pollUntil } from '../support/poll.js';
import { queryVector } from '../support/queryApi.js';
import { startServer } from '../support/serverProcess.js';

test('/-/ready is 503 during WAL replay and 200 after; replayed samples are served', { timeout: 120_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'promstream-ready-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // A WAL big enough that replay takes a noticeable moment: 20k series × 150 samples.
  const now = Date.now();
  const tsdb = await Tsdb.open({ path: join(dir, 'data'), logger: pino({ level: 'silent' }) });
  const refs: number[] = [];
  for (let k = 0; k < 150; k++) {
    for (let from = 0; from < 20_000; from += 1000) {
      const app = tsdb.appender();
      for (let i = from; i < from + 1000; i++) refs[i] = app.append(refs[i] ?? 0, Labels.from({ __name__: 'replayed', i: String(i) }), now - (150 - k) * 1000, k);
      await app.commit();
    }
  }
  await tsdb.close();

  const server = await startServer([`--storage.tsdb.path=${join(dir, 'data')}`, '--log.format=json'], { waitReady: false });
  t.after(() => server.stop());
  const statuses: number[] = [];
  await pollUntil(
    'the server to become ready',
    async () => {
      const res = await fetch(`${server.url}/-/ready`);
      statuses.push(res.status);
      return res.status === 200 ? true : undefined;
    },
    60_000,
    10,
  );
  assert.ok(statuses.includes(503), `statuses seen: ${statuses.join(',')}`);
  assert.equal(statuses.indexOf(200), statuses.length - 1);
  const logs = server.logs();
  assert.match(logs, /"msg":"WAL segment loaded"/);
  assert.match(logs, /"percent":100/);
  assert.ok(logs.indexOf('WAL replay completed') < logs.indexOf('Server is ready to receive web requests.'));
  const result = await queryVector(server.url, 'count(replayed)', now / 1000);
  assert.equal(result[0]!.value[1], '20000');
});
