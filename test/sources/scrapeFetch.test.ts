import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseConfig } from '../../src/config/config.js';
import { wholeText } from '../../src/lang/exposition/expositionBody.js';
import { createScraper, type ScrapeRequest, type Scraper } from '../../src/sources/scrapeFetch.js';

let dir: string;
let server: Server;
let base: string;
const seen: IncomingMessage[] = [];

function route(req: IncomingMessage, res: ServerResponse): void {
  seen.push(req);
  if (req.url === '/metrics') {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end('m 1\n');
  } else if (req.url === '/gzip') {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' }).end(gzipSync('m 2\n'));
  } else if (req.url === '/big') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('m 1\n'.repeat(1000));
  } else if (req.url === '/big-gzip') {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' }).end(gzipSync('m 1\n'.repeat(1000)));
  } else if (req.url === '/slow') {
    setTimeout(() => res.writeHead(200).end('m 1\n'), 2000).unref();
  } else if (req.url === '/moved') {
    res.writeHead(302, { location: '/metrics' }).end();
  } else {
    res.writeHead(500).end('boom');
  }
}

function jobHttpClient(yaml: string) {
  const config = parseConfig(`scrape_configs:\n  - job_name: j\n${yaml.replace(/^/gm, '    ')}\n`, join(dir, 'prometheus.yml'));
  return config.scrapeConfigs[0]!.httpClient;
}

const bodyOf = async (scraper: Scraper, req: ScrapeRequest): Promise<string> => wholeText((await scraper.fetch(req)).body);

function request(path: string, extra: Partial<ScrapeRequest> = {}, origin = base): ScrapeRequest {
  return { url: `${origin}${path}`, timeoutMs: 1000, acceptHeader: 'text/plain;version=0.0.4', compression: true, bodySizeLimit: 0, ...extra };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'promstream-fetch-'));
  server = createHttpServer(route);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('basic auth, bearer credentials from a file re-read per scrape, custom headers and the scrape headers are sent', async () => {
  const basic = await createScraper(jobHttpClient('basic_auth:\n  username: alice\n  password: s3cret\nhttp_headers:\n  X-Tenant:\n    values: [team-a]'), 'promstream/test');
  await basic.fetch(request('/metrics'));
  const req = seen.at(-1)!;
  assert.equal(req.headers.authorization, `Basic ${Buffer.from('alice:s3cret').toString('base64')}`);
  assert.equal(req.headers['x-tenant'], 'team-a');
  assert.equal(req.headers['user-agent'], 'promstream/test');
  assert.equal(req.headers['x-prometheus-scrape-timeout-seconds'], '1');
  assert.equal(req.headers.accept, 'text/plain;version=0.0.4');
  await basic.close();

  writeFileSync(join(dir, 'token'), 'first\n');
  const bearer = await createScraper(jobHttpClient('authorization:\n  credentials_file: token'), 'ua');
  await bearer.fetch(request('/metrics'));
  assert.equal(seen.at(-1)!.headers.authorization, 'Bearer first');
  writeFileSync(join(dir, 'token'), 'rotated\n');
  await bearer.fetch(request('/metrics'));
  assert.equal(seen.at(-1)!.headers.authorization, 'Bearer rotated');
  await bearer.close();
});

test('gzip bodies are decompressed, redirects followed, and failures worded like Prometheus', async () => {
  const scraper = await createScraper(jobHttpClient('honor_labels: false'), 'ua');
  assert.equal(await bodyOf(scraper, request('/gzip')), 'm 2\n');
  assert.equal(await bodyOf(scraper, request('/moved')), 'm 1\n');
  await assert.rejects(scraper.fetch(request('/missing')), { message: 'server returned HTTP status 500 Internal Server Error' });
  await assert.rejects(scraper.fetch(request('/big', { bodySizeLimit: 100 })), { message: 'body size limit exceeded (limit: 100 bytes)' });
  // The limit counts uncompressed bytes, and as in Prometheus a body of exactly the limit exceeds it.
  await assert.rejects(scraper.fetch(request('/big-gzip', { bodySizeLimit: 1000 })), { message: 'body size limit exceeded (limit: 1000 bytes)' });
  await assert.rejects(scraper.fetch(request('/big', { bodySizeLimit: 4000 })), { message: 'body size limit exceeded (limit: 4000 bytes)' });
  assert.equal(await bodyOf(scraper, request('/big-gzip', { bodySizeLimit: 4001 })), 'm 1\n'.repeat(1000));
  await assert.rejects(scraper.fetch(request('/slow', { timeoutMs: 100 })), { message: 'context deadline exceeded' });
  // Cancelled from outside (a shutdown) before or during the request: canceled, not a timeout.
  const stopping = new AbortController();
  const cancelled = scraper.fetch(request('/slow'), stopping.signal);
  setImmediate(() => stopping.abort());
  await assert.rejects(cancelled, { message: 'context canceled' });
  await assert.rejects(scraper.fetch(request('/metrics'), stopping.signal), { message: 'context canceled' });
  await scraper.fetch(request('/metrics', { compression: false }));
  assert.equal(seen.at(-1)!.headers['accept-encoding'], 'identity');
  await scraper.close();

  const noRedirects = await createScraper(jobHttpClient('follow_redirects: false'), 'ua');
  await assert.rejects(noRedirects.fetch(request('/moved')), { message: 'server returned HTTP status 302 Found' });
  await noRedirects.close();
});

test('an unreadable TLS file fails every scrape with the reason instead of crashing', async () => {
  const scraper = await createScraper(jobHttpClient('tls_config:\n  ca_file: missing-ca.pem'), 'ua');
  await assert.rejects(scraper.fetch(request('/metrics')), /^Error: error creating HTTP client: ENOENT/);
});

test('TLS with a CA file and server name verifies the target', async (t) => {
  try {
    execFileSync('openssl', ['version']);
  } catch {
    t.skip('openssl is not installed');
    return;
  }
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=target.example',
    '-addext', 'subjectAltName=DNS:target.example', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  const tlsServer = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, route);
  await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
  const origin = `https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}`;
  try {
    const verified = await createScraper(jobHttpClient('tls_config:\n  ca_file: cert.pem\n  server_name: target.example'), 'ua');
    assert.equal(await bodyOf(verified, request('/metrics', {}, origin)), 'm 1\n');
    await verified.close();
    const untrusted = await createScraper(jobHttpClient('scheme: https'), 'ua');
    await assert.rejects(untrusted.fetch(request('/metrics', {}, origin)));
    await untrusted.close();
    const insecure = await createScraper(jobHttpClient('tls_config:\n  insecure_skip_verify: true'), 'ua');
    assert.equal(await bodyOf(insecure, request('/metrics', {}, origin)), 'm 1\n');
    await insecure.close();
  } finally {
    tlsServer.closeAllConnections();
    tlsServer.close();
  }
});
