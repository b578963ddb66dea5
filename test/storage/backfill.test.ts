import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Entry } from '../../src/lang/exposition/expositionParser.js';
import { OpenMetricsParser } from '../../src/lang/exposition/openMetricsParser.js';
import { Matcher } from '../../src/model/matcher.js';
import { memoryIO } from '../../src/promtool/io.js';
import { runTsdbCommand } from '../../src/promtool/tsdbCommands.js';
import { openMetricsPieces } from '../../src/storage/backfill/openMetricsPieces.js';
import { Tsdb } from '../../src/storage/tsdb.js';
import { captureLogger } from './captureLogger.js';

const HOUR = 3_600_000;
const START = 1_700_000_000_000 - (1_700_000_000_000 % (54 * HOUR));

function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'promstream-backfill-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** An OpenMetrics file of two families over 5 h, a sample a minute; returns the expected "series@t=v" lines. */
function writeInput(path: string): string[] {
  const lines: string[] = ['# HELP http_requests Requests served.', '# TYPE http_requests counter'];
  const expected: string[] = [];
  for (const code of ['200', '500']) {
    for (let k = 0; k < 300; k++) {
      const t = START + k * 60_000 + 7;
      const v = k * (code === '200' ? 3 : 1);
      lines.push(`http_requests_total{code="${code}"} ${v} ${t / 1000}`);
      expected.push(`{__name__="http_requests_total", code="${code}"}@${t}=${v}`);
    }
  }
  lines.push('# TYPE temperature_celsius gauge', '# UNIT temperature_celsius celsius');
  for (let k = 0; k < 300; k++) {
    const t = START + k * 60_000;
    const v = k === 10 ? 'NaN' : k === 11 ? '+Inf' : String(20 + (k % 7) / 10);
    lines.push(`temperature_celsius{room="a b"} ${v} ${t / 1000}`);
    expected.push(`{__name__="temperature_celsius", room="a b"}@${t}=${v === '+Inf' ? 'Infinity' : Number(v)}`);
  }
  lines.push('# EOF', '');
  writeFileSync(path, lines.join('\n'));
  return expected;
}

async function dump(tsdb: Tsdb): Promise<string[]> {
  const out: string[] = [];
  for (const s of await tsdb.select([new Matcher('=~', '__name__', '.+')], -Infinity, Infinity)) {
    const { timestamps, values, length } = s.samples();
    for (let i = 0; i < length; i++) out.push(`${s.labels}@${timestamps[i]}=${values[i]}`);
  }
  return out;
}

test('create-blocks-from openmetrics writes partitions the TSDB serves, sample for sample', async (t) => {
  const dir = tempDir(t);
  const input = join(dir, 'input.om');
  const expected = writeInput(input);
  const io = memoryIO();
  assert.equal(await runTsdbCommand(['create-blocks-from', 'openmetrics', input, join(dir, 'data'), '--human-readable'], io), 0, io.stderr());
  assert.match(io.stdout(), /^900 samples of 3 series written to 3 partitions/);
  assert.match(io.stdout(), /PARTITION\s+MIN TIME/);
  const log = captureLogger();
  const tsdb = await Tsdb.open({ path: join(dir, 'data'), logger: log.logger });
  assert.deepEqual((await dump(tsdb)).sort(), expected.sort());
  // The server compacts backfilled partitions like its own.
  await tsdb.maintain();
  assert.deepEqual(tsdb.store.partitions.map((p) => p.level), [1]);
  assert.deepEqual((await dump(tsdb)).sort(), expected.sort());
  // And new samples still go to the head: the backfill did not move its window.
  const app = tsdb.appender();
  app.append(0, (await tsdb.select([new Matcher('=', 'code', '200')], -Infinity, Infinity))[0]!.labels, START + 10 * HOUR, 1);
  await app.commit();
  await tsdb.close();

  const list = memoryIO();
  assert.equal(await runTsdbCommand(['list', join(dir, 'data')], list), 0);
  assert.match(list.stdout(), /^PARTITION\s+MIN TIME\s+MAX TIME\s+DURATION\s+NUM SAMPLES/);
  assert.match(list.stdout(), /\n\d+\s+\d+\s+\d+\s+6h0m0s\s+900\s/);
  const analysis = memoryIO();
  assert.equal(await runTsdbCommand(['analyze', join(dir, 'data')], analysis), 0);
  assert.match(analysis.stdout(), /Total Series: 3\n/);
  assert.match(analysis.stdout(), /Highest cardinality metric names:\n2 http_requests_total\n1 temperature_celsius\n/);
});

test('a sample without a timestamp stops the backfill with its line number', async (t) => {
  const dir = tempDir(t);
  const input = join(dir, 'bad.om');
  writeFileSync(input, '# TYPE x gauge\nx 1 100\nx 2\n# EOF\n');
  const io = memoryIO();
  assert.equal(await runTsdbCommand(['create-blocks-from', 'openmetrics', input, join(dir, 'data')], io), 1);
  assert.match(io.stderr(), /expected timestamp for series \{__name__="x"\}, got none/);
  const syntax = join(dir, 'syntax.om');
  writeFileSync(syntax, '# TYPE x gauge\nx 1 100\nx{ 2 200\n# EOF\n');
  const io2 = memoryIO();
  assert.equal(await runTsdbCommand(['create-blocks-from', 'openmetrics', syntax, join(dir, 'data')], io2), 1);
  assert.match(io2.stderr(), /line 3:/);
});

test('a large file is read in pieces that each parse, carrying the family metadata across', async (t) => {
  const dir = tempDir(t);
  const input = join(dir, 'input.om');
  writeInput(input);
  const whole: string[] = [];
  const collect = (body: string, into: string[]): void => {
    const p = new OpenMetricsParser(body);
    for (let e = p.next(); e !== Entry.EOF; e = p.next()) if (e === Entry.Series) into.push(`${p.labels()}@${p.timestamp()}=${p.value()}`);
  };
  for await (const piece of openMetricsPieces(input, 1 << 30)) collect(piece.body, whole);
  const pieced: string[] = [];
  let pieces = 0;
  for await (const piece of openMetricsPieces(input, 700)) {
    collect(piece.body, pieced);
    pieces++;
  }
  assert.ok(pieces > 20);
  assert.deepEqual(pieced, whole);
});
