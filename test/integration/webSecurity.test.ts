import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { Agent, request } from 'undici';
import { findProgram } from '../support/externalPrograms.js';
import { pollUntil } from '../support/poll.js';
import { startServer, type ServerProcess } from '../support/serverProcess.js';

const openssl = findProgram('openssl');
let dir: string;
let server: ServerProcess | undefined;
let agent: Agent;
const auth = `Basic ${Buffer.from('alice:s3cret').toString('base64')}`;

async function get(path: string, authorization?: string): Promise<{ status: number; body: string }> {
  const res = await request(`${server!.url.replace('http:', 'https:')}${path}`, { dispatcher: agent, headers: authorization ? { authorization } : {} });
  return { status: res.statusCode, body: await res.body.text() };
}

before(async () => {
  if (!openssl) return;
  dir = mkdtempSync(join(tmpdir(), 'promstream-websec-'));
  execFileSync(openssl, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  const hash = bcrypt.hashSync('s3cret', 4).replace(/^\$2b\$/, '$2y$');
  writeFileSync(join(dir, 'web.yml'), `tls_server_config:\n  cert_file: cert.pem\n  key_file: key.pem\nbasic_auth_users:\n  alice: '${hash}'\n`);
  writeFileSync(join(dir, 'prometheus.yml'), '');
  agent = new Agent({ connect: { ca: readFileSync(join(dir, 'cert.pem')) } });
  server = await startServer([`--config.file=${join(dir, 'prometheus.yml')}`, `--web.config.file=${join(dir, 'web.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`], { waitReady: false });
  await pollUntil('the TLS server to be ready', async () => ((await get('/-/ready', auth)).status === 200 ? true : undefined));
});

after(async () => {
  await server?.stop();
  await agent?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('with --web.config.file, every endpoint needs the right user and password over TLS', { skip: openssl ? false : 'openssl is not installed' }, async () => {
  for (const path of ['/metrics', '/api/v1/query?query=up', '/api/v1/labels', '/-/healthy', '/api/v1/targets']) {
    const anonymous = await get(path);
    assert.equal(anonymous.status, 401, `${path} without credentials`);
    assert.ok(!anonymous.body.includes('process_'), `${path} leaked data`);
    assert.equal((await get(path, `Basic ${Buffer.from('alice:wrong').toString('base64')}`)).status, 401, `${path} with a wrong password`);
    assert.equal((await get(path, `Basic ${Buffer.from('mallory:s3cret').toString('base64')}`)).status, 401, `${path} with an unknown user`);
    assert.equal((await get(path, auth)).status, 200, `${path} with credentials`);
  }
  // Plain HTTP is not served at all.
  await assert.rejects(fetch(`${server!.url}/-/healthy`));
});

test('a broken web config file stops the start with exit code 1', { skip: openssl ? false : 'openssl is not installed' }, async () => {
  writeFileSync(join(dir, 'bad-web.yml'), 'tls_server_config:\n  cert_file: cert.pem\n');
  const bad = await startServer([`--config.file=${join(dir, 'prometheus.yml')}`, `--web.config.file=${join(dir, 'bad-web.yml')}`], { waitReady: false });
  assert.equal(await bad.exited, 1);
  assert.match(bad.logs(), /bad-web\.yml.*missing key_file/);
});
