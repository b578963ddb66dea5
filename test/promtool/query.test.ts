/**
 * `promtool query …`: against a fake API (requests sent, GET fallback, error texts, both output
 * formats), and side by side with Debian's promtool against a real Prometheus 2.42 and against
 * promstream, both scraping the same exporter: for the same command both tools print the same.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findProgram, startProgram, type RunningProgram } from '../support/externalPrograms.js';
import { startFakeExporter, type FakeExporter } from '../support/fakeExporter.js';
import { pollUntil } from '../support/poll.js';
import { freePort, startServer, type ServerProcess } from '../support/serverProcess.js';
import { promtool } from './support.js';

interface Received {
  readonly method: string;
  readonly path: string;
  readonly params: URLSearchParams;
}

/** A stand-in API server: answers each request with the handler's status and body, and records it. */
async function fakeApi(handler: (r: Received) => [number, string]): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://x');
      const r = { method: req.method!, path: url.pathname, params: req.method === 'POST' ? new URLSearchParams(body) : url.searchParams };
      received.push(r);
      const [status, text] = handler(r);
      res.writeHead(status, { 'content-type': 'application/json' }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const success = (data: unknown): [number, string] => [200, JSON.stringify({ status: 'success', data })];

test('instant query: POSTed with the time, printed in promql and json formats', async () => {
  const vector = { resultType: 'vector', result: [{ metric: { __name__: 'up', job: 'a<b>', instance: 'x' }, value: [1700000000.5, '1'] }, { metric: { job: 'b' }, value: [1700000000.5, '+Inf'] }] };
  const api = await fakeApi(() => success(vector));
  try {
    const text = await promtool(['query', 'instant', '--time=1700000000.5', api.url, 'up']);
    assert.equal(text.code, 0);
    assert.equal(text.stdout, 'up{instance="x", job="a<b>"} => 1 @[1700000000.5]\n{job="b"} => +Inf @[1700000000.5]\n');
    assert.deepEqual(api.received.map((r) => [r.method, r.path, r.params.get('query'), r.params.get('time')]), [['POST', '/api/v1/query', 'up', '1700000000.5']]);
    const json = await promtool(['query', 'instant', '-o', 'json', '--time=2023-11-14T22:13:20.5Z', api.url, 'up']);
    assert.equal(json.stdout, '[{"metric":{"__name__":"up","instance":"x","job":"a\\u003cb\\u003e"},"value":[1700000000.5,"1"]},{"metric":{"job":"b"},"value":[1700000000.5,"+Inf"]}]\n');
    assert.equal(api.received[1]!.params.get('time'), '1700000000.5');
  } finally {
    await api.close();
  }
});

test('range query: matrix sorted by labels, scalar form, default step of about 250 points', async () => {
  const matrix = { resultType: 'matrix', result: [{ metric: { job: 'b' }, values: [[10, '1'], [70, '2']] }, { metric: { job: 'a' }, values: [[10, '3']] }] };
  const api = await fakeApi(() => success(matrix));
  try {
    const run = await promtool(['query', 'range', '--start=0', '--end=1000', api.url, 'x']);
    assert.equal(run.stdout, '{job="a"} =>\n3 @[10]\n{job="b"} =>\n1 @[10]\n2 @[70]\n');
    assert.equal(api.received[0]!.params.get('step'), '4');
    const json = await promtool(['query', 'range', '-ojson', '--start=0', '--end=1000', '--step=30s', api.url, 'x']);
    assert.equal(json.stdout, '[{"metric":{"job":"b"},"values":[[10,"1"],[70,"2"]]},{"metric":{"job":"a"},"values":[[10,"3"]]}]\n');
    assert.equal(api.received[1]!.params.get('step'), '30');
    const backwards = await promtool(['query', 'range', '--start=10', '--end=5', api.url, 'x']);
    assert.deepEqual([backwards.code, backwards.stderr], [1, 'start time is not before end time\n']);
  } finally {
    await api.close();
  }
  const scalar = await fakeApi(() => success({ resultType: 'scalar', result: [5, '2.5'] }));
  try {
    assert.equal((await promtool(['query', 'instant', scalar.url, '2.5'])).stdout, 'scalar: 2.5 @[5]\n');
  } finally {
    await scalar.close();
  }
});

test('series and label values: GET fallback on 405, match[] parameters, one line each', async () => {
  const api = await fakeApi((r) => {
    if (r.method === 'POST') return [405, 'method not allowed'];
    return r.path === '/api/v1/series' ? success([{ __name__: 'up', job: 'x' }]) : success(['a', 'b']);
  });
  try {
    const series = await promtool(['query', 'series', '--match=up', '--match={job="x"}', api.url]);
    assert.equal(series.stdout, '{__name__="up", job="x"}\n');
    assert.deepEqual(api.received.map((r) => r.method), ['POST', 'GET']);
    assert.deepEqual(api.received[1]!.params.getAll('match[]'), ['up', '{job="x"}']);
    const labels = await promtool(['query', 'labels', '-o', 'json', '--match=up', api.url, 'job']);
    assert.equal(labels.stdout, '["a","b"]\n');
    assert.equal(api.received.at(-1)!.path, '/api/v1/label/job/values');
    assert.equal((await promtool(['query', 'series', api.url])).stderr, 'promtool: error: required flag --match not provided, try --help\n');
  } finally {
    await api.close();
  }
});

test('errors: API errors, server errors with their detail, refused connections, bad flags', async () => {
  const api = await fakeApi((r) =>
    r.params.get('query') === 'bad' ? [400, JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error' })] : [503, 'overloaded\n'],
  );
  try {
    assert.deepEqual(await promtool(['query', 'instant', api.url, 'bad']), { code: 1, stdout: '', stderr: 'query error: bad_data: parse error\n' });
    assert.equal((await promtool(['query', 'instant', api.url, 'x'])).stderr, 'query error: server_error: server error: 503 (detail: overloaded)\n');
  } finally {
    await api.close();
  }
  const port = await freePort();
  const refused = await promtool(['query', 'instant', `http://127.0.0.1:${port}`, 'up']);
  assert.equal(refused.stderr, `query error: Post "http://127.0.0.1:${port}/api/v1/query": dial tcp 127.0.0.1:${port}: connect: connection refused\n`);
  assert.equal((await promtool(['query', 'instant', '--time=yesterday', 'http://x', 'up'])).stderr, 'error parsing evaluation time: cannot parse "yesterday" to a valid timestamp\n');
  assert.equal((await promtool(['query', 'instant', 'http://x'])).stderr, "promtool: error: required argument 'expr' not provided, try --help\n");
});

const prometheusPath = findProgram('prometheus');
const debianPromtool = findProgram('promtool');
const noDebian = prometheusPath === undefined || debianPromtool === undefined ? "Debian's prometheus and promtool are not installed (apt-get install prometheus)" : false;
const ours = fileURLToPath(new URL('../../src/promtool.js', import.meta.url));

let dir: string | undefined;
let exporter: FakeExporter | undefined;
let prometheus: RunningProgram | undefined;
let promstream: ServerProcess | undefined;
let prometheusUrl = '';

before(async () => {
  if (noDebian !== false) return;
  dir = mkdtempSync(join(tmpdir(), 'promtool-query-'));
  exporter = await startFakeExporter('demo_value{kind="x"} 42\ndemo_value{kind="y"} 7\n');
  const config = join(dir, 'scrape.yml');
  writeFileSync(config, `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: demo\n    static_configs:\n      - targets: ['${exporter.address}']\n`);
  const port = await freePort();
  prometheusUrl = `http://127.0.0.1:${port}`;
  prometheus = await startProgram(prometheusPath!, [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'prometheus-data')}`, `--web.listen-address=127.0.0.1:${port}`], `${prometheusUrl}/-/ready`);
  promstream = await startServer([`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'promstream-data')}`]);
});

after(async () => {
  await prometheus?.stop();
  await promstream?.stop();
  await exporter?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

/** Runs a promtool binary and returns exit code, stdout and stderr as one text. */
function runTool(command: readonly string[], args: readonly string[]): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(command[0]!, [...command.slice(1), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('close', (code) => resolve(`exit ${code}\n--- stdout\n${out}--- stderr\n${err}`));
  });
}

/** Waits until the server has stored a few scrapes, then returns a time (s) with data before it. */
async function timeWithData(server: string): Promise<number> {
  return pollUntil(`demo_value in ${server}`, async () => {
    const t = Math.floor(Date.now() / 1000) - 1;
    const res = await fetch(`${server}/api/v1/query?query=count_over_time(demo_value[3s])&time=${t}`);
    const body = (await res.json()) as { data?: { result?: Array<{ value: [number, string] }> } };
    const counts = body.data?.result ?? [];
    return counts.length === 2 && counts.every((c) => Number(c.value[1]) >= 3) ? t : undefined;
  }, 30_000);
}

function sameCommands(server: string, t: number): string[][] {
  return [
    ['query', 'instant', `--time=${t}`, server, 'demo_value'],
    ['query', 'instant', '-o', 'json', `--time=${t}`, server, 'sum by (kind) (demo_value)'],
    ['query', 'instant', `--time=${t}`, server, 'scalar(demo_value{kind="x"}) * 2'],
    ['query', 'range', `--start=${t - 2}`, `--end=${t}`, '--step=1s', server, 'demo_value * 0 + 1'],
    ['query', 'range', '-o', 'json', `--start=${t - 2}`, `--end=${t}`, '--step=1s', server, 'demo_value'],
    ['query', 'series', '--match=demo_value', `--start=${t - 2}`, `--end=${t}`, server],
    ['query', 'series', '-o', 'json', '--match=demo_value{kind="y"}', `--start=${t - 2}`, `--end=${t}`, server],
    ['query', 'labels', `--start=${t - 2}`, `--end=${t}`, '--match=demo_value', server, 'kind'],
    ['query', 'labels', '-o', 'json', `--start=${t - 2}`, `--end=${t}`, '--match=demo_value', server, 'job'],
    ['query', 'instant', server, 'demo_value +'],
  ];
}

test('same output as Debian promtool 2.42 against Prometheus 2.42', { skip: noDebian }, async () => {
  const t = await timeWithData(prometheusUrl);
  for (const args of sameCommands(prometheusUrl, t)) assert.equal(await runTool([process.execPath, ours], args), await runTool([debianPromtool!], args), args.join(' '));
});

test('same output as Debian promtool 2.42 against promstream', { skip: noDebian }, async () => {
  const t = await timeWithData(promstream!.url);
  for (const args of sameCommands(promstream!.url, t)) assert.equal(await runTool([process.execPath, ours], args), await runTool([debianPromtool!], args), args.join(' '));
});
