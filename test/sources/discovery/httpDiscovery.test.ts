import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type RequestListener, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import type { HttpDiscoveryConfig } from '../../../src/config/discovery/index.js';
import { httpDiscovery } from '../../../src/sources/discovery/httpDiscovery.js';
import { pollUntil } from '../../support/poll.js';
import { decodeOne } from '../../config/discovery/sectionDecoding.js';
import { addressesOf, captureLogger, follow } from './discoveryTestSupport.js';

/** What the fake endpoint answers; tests change it as they go. */
interface Answer {
  status: number;
  contentType: string;
  body: string;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** An http_sd endpoint on loopback that records request headers and answers with `answer`. */
async function endpoint(t: { after: (fn: () => unknown) => void }, answer: Answer) {
  const requests: IncomingHttpHeaders[] = [];
  const handler: RequestListener = (req, res) => {
    requests.push(req.headers);
    if (req.url === '/moved') {
      res.writeHead(302, { location: '/sd' }).end();
      return;
    }
    res.writeHead(answer.status, { 'content-type': answer.contentType }).end(answer.body);
  };
  const server = createServer(handler);
  const port = await listen(server);
  t.after(() => new Promise((resolve) => server.close(resolve)));
  return { port, requests, handler };
}

function sdConfig(yaml: string): HttpDiscoveryConfig {
  return decodeOne<HttpDiscoveryConfig>(`http_sd_configs:\n  - ${yaml.trim().split('\n').join('\n    ')}\n`, 'http');
}

const json = (groups: unknown): Answer => ({ status: 200, contentType: 'application/json', body: JSON.stringify(groups) });

test('http_sd against a real endpoint: headers and credentials sent, groups sourced by url:index, errors keep the last groups', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'promstream-http-sd-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'password'), 's3cret\n');
  const answer: Answer = json([{ targets: ['a:1', 'b:1'], labels: { env: 'prod' } }, { targets: ['c:1'] }]);
  const { port, requests } = await endpoint(t, answer);
  const url = `http://127.0.0.1:${port}/sd`;
  const config = sdConfig(`
url: ${url}
refresh_interval: 100ms
basic_auth: {username: prom, password_file: ${join(dir, 'password')}}
http_headers: {X-Tenant: {values: [team-a]}}`);
  const registry = new Registry();
  const { logger, lines } = captureLogger();
  const { latest, subscription } = follow(httpDiscovery(config, { logger, setName: 'job', registry }));
  t.after(() => subscription.unsubscribe());

  await pollUntil('the first groups', () => (latest()?.length === 2 ? true : undefined));
  assert.deepEqual(latest(), [
    { source: `${url}:0`, targets: [{ __address__: 'a:1' }, { __address__: 'b:1' }], labels: { env: 'prod', __meta_url: url } },
    { source: `${url}:1`, targets: [{ __address__: 'c:1' }], labels: { __meta_url: url } },
  ]);
  const headers = requests[0]!;
  assert.equal(headers['accept'], 'application/json');
  assert.equal(headers['x-prometheus-refresh-interval-seconds'], '0.1');
  assert.equal(headers['authorization'], `Basic ${Buffer.from('prom:s3cret').toString('base64')}`);
  assert.equal(headers['x-tenant'], 'team-a');
  assert.match(String(headers['user-agent']), /^promstream\//);

  Object.assign(answer, { status: 500, contentType: 'text/plain', body: 'oops' });
  await pollUntil('a logged failure', () => lines.find((l) => /server returned HTTP status 500 Internal Server Error/.test(String(l['err']))));
  Object.assign(answer, json([{ targets: ['d:1'] }]), { contentType: 'text/html' });
  await pollUntil('the content type rejected', () => lines.find((l) => /unsupported content type "text\/html"/.test(String(l['err']))));
  assert.deepEqual(addressesOf(latest()), ['a:1', 'b:1', 'c:1'], 'failed refreshes keep the last groups');
  const metrics = await registry.metrics();
  assert.match(metrics, /prometheus_sd_http_failures_total [2-9]/);
  assert.match(metrics, /prometheus_sd_refresh_failures_total\{mechanism="http",config="job"\} [2-9]/);

  Object.assign(answer, json([{ targets: ['d:1'] }]));
  await pollUntil('the shorter list', () => (JSON.stringify(addressesOf(latest())) === '["d:1"]' ? true : undefined));
});

test('authorization credentials are re-read from their file on every request, and redirects are followed unless disabled', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'promstream-http-sd-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const tokenFile = join(dir, 'token');
  await writeFile(tokenFile, 'first\n');
  const { port, requests } = await endpoint(t, json([{ targets: ['a:1'] }]));
  const config = sdConfig(`
url: http://127.0.0.1:${port}/moved
refresh_interval: 100ms
authorization: {credentials_file: ${tokenFile}}`);
  const { latest, subscription } = follow(httpDiscovery(config, { logger: captureLogger().logger, setName: 'job' }));
  t.after(() => subscription.unsubscribe());
  await pollUntil('groups through the redirect', () => (addressesOf(latest())[0] === 'a:1' ? true : undefined));
  assert.equal(requests[0]!['authorization'], 'Bearer first');
  await writeFile(tokenFile, 'second\n');
  await pollUntil('the rotated token', () => (requests.some((h) => h['authorization'] === 'Bearer second') ? true : undefined));

  const noRedirects = sdConfig(`
url: http://127.0.0.1:${port}/moved
follow_redirects: false`);
  const { logger, lines } = captureLogger();
  const other = follow(httpDiscovery(noRedirects, { logger, setName: 'job' }));
  t.after(() => other.subscription.unsubscribe());
  await pollUntil('the redirect refused', () => lines.find((l) => /server returned HTTP status 302 Found/.test(String(l['err']))));
});

test('an unreachable endpoint is logged with its URL, and the job is not held back', async (t) => {
  // A port that was just free: nothing listens there any more.
  const closed = createServer();
  const port = await listen(closed);
  await new Promise((resolve) => closed.close(resolve));
  const url = `http://127.0.0.1:${port}/sd`;
  const { logger, lines } = captureLogger();
  const { latest, subscription } = follow(httpDiscovery(sdConfig(`url: ${url}`), { logger, setName: 'job' }));
  t.after(() => subscription.unsubscribe());
  const line = await pollUntil('the failure logged', () => lines.find((l) => l['msg'] === 'Unable to refresh target groups'));
  assert.match(String(line['err']), new RegExp(`^Get "${url.replace(/[.?]/g, '\\$&')}": .*(ECONNREFUSED|refused)`));
  assert.deepEqual(latest(), [], 'the first failed refresh still counts as an (empty) update');
});

const skipTls = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return false;
  } catch {
    return 'openssl is not installed (needed to make a test certificate)';
  }
})();

test('tls_config: the endpoint is trusted through ca_file or insecure_skip_verify, and refused otherwise', { skip: skipTls }, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'promstream-http-sd-tls-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1',
    '-subj', '/CN=sd.test', '-addext', 'subjectAltName=DNS:sd.test,IP:127.0.0.1',
  ], { stdio: 'ignore' });
  const server = createTlsServer({ cert: await readFile(cert), key: await readFile(key) }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('[{"targets": ["secure:1"]}]');
  });
  const port = await listen(server);
  t.after(() => new Promise((resolve) => server.close(resolve)));
  const url = `https://127.0.0.1:${port}/sd`;

  const run = async (yaml: string) => {
    const { logger, lines } = captureLogger();
    const followed = follow(httpDiscovery(sdConfig(`url: ${url}\nrefresh_interval: 100ms\n${yaml}`), { logger, setName: 'job' }));
    t.after(() => followed.subscription.unsubscribe());
    return { latest: followed.latest, lines };
  };
  const trusted = await run(`tls_config: {ca_file: ${cert}}`);
  await pollUntil('groups over TLS with the CA', () => (addressesOf(trusted.latest())[0] === 'secure:1' ? true : undefined));
  const skipped = await run('tls_config: {insecure_skip_verify: true}');
  await pollUntil('groups over TLS without verification', () => (addressesOf(skipped.latest())[0] === 'secure:1' ? true : undefined));
  const untrusted = await run('');
  const line = await pollUntil('the certificate refused', () => untrusted.lines.find((l) => l['msg'] === 'Unable to refresh target groups'));
  assert.match(String(line['err']), /certificate/i);
  const wrongName = await run(`tls_config: {ca_file: ${cert}, server_name: other.test}`);
  const mismatch = await pollUntil('the server name checked', () => wrongName.lines.find((l) => l['msg'] === 'Unable to refresh target groups'));
  assert.match(String(mismatch['err']), /other\.test|altnames|hostname/i);
});
