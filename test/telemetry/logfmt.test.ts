import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonLineToLogfmt } from '../../src/telemetry/logfmt.js';

test('pino JSON lines become logfmt with time, level, component and msg first', () => {
  const line = JSON.stringify({ level: 'info', time: '2026-01-01T00:00:00.000Z', msg: 'Loading configuration file', component: 'config', filename: 'a b.yml', n: 3 });
  assert.equal(jsonLineToLogfmt(line), 'time=2026-01-01T00:00:00.000Z level=info component=config msg="Loading configuration file" filename="a b.yml" n=3\n');
});

test('values with quotes, equals signs or nothing are quoted', () => {
  const line = JSON.stringify({ level: 'error', msg: 'x', err: 'bad "thing"=1', empty: '' });
  assert.equal(jsonLineToLogfmt(line), 'level=error msg=x err="bad \\"thing\\"=1" empty=""\n');
});
