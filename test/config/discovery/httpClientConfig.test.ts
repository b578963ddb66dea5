import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalHeaderKey, decodeHttpClientConfig, decodeTlsConfig } from '../../../src/config/httpClientConfig.js';
import { decodeHttp, errorOf, sectionFields } from './sectionDecoding.js';

test('an absent http_config gives Prometheus defaults: follow redirects, HTTP/2, no auth', () => {
  const c = decodeHttp('');
  assert.equal(c.followRedirects, true);
  assert.equal(c.enableHttp2, true);
  assert.equal(c.basicAuth, undefined);
  assert.equal(c.authorization, undefined);
  assert.equal(c.oauth2, undefined);
  assert.equal(c.tlsConfig.insecureSkipVerify, false);
  assert.equal(c.proxyUrl, undefined);
  assert.deepEqual(c.proxyConnectHeader, {});
});

test('http_config keys are read from the enclosing section, leaving its other keys to it', () => {
  const fields = sectionFields('job_name: x\nfollow_redirects: false\nenable_http2: false\n');
  assert.equal(fields.string('job_name'), 'x');
  const c = decodeHttpClientConfig(fields, '/etc');
  fields.done();
  assert.equal(c.followRedirects, false);
  assert.equal(c.enableHttp2, false);
});

test('legacy bearer_token and bearer_token_file become a Bearer authorization', () => {
  assert.deepEqual(decodeHttp('bearer_token: 1234\n').authorization, { type: 'Bearer', credentials: '1234', credentialsFile: '' });
  assert.deepEqual(decodeHttp('bearer_token_file: token\n').authorization, {
    type: 'Bearer',
    credentials: '',
    credentialsFile: '/etc/prometheus/token',
  });
});

test('authorization type defaults to Bearer and is trimmed', () => {
  assert.equal(decodeHttp('authorization:\n  credentials: x\n').authorization?.type, 'Bearer');
  assert.equal(decodeHttp('authorization:\n  type: " Token "\n  credentials: x\n').authorization?.type, 'Token');
});

test('file paths are resolved against the config directory, absolute ones kept', () => {
  const c = decodeHttp(
    'basic_auth:\n  username: u\n  password_file: pw\ntls_config:\n  ca_file: /abs/ca\n  cert_file: c\n  key_file: k\n',
  );
  assert.equal(c.basicAuth?.passwordFile, '/etc/prometheus/pw');
  assert.equal(c.tlsConfig.caFile, '/abs/ca');
  assert.equal(c.tlsConfig.certFile, '/etc/prometheus/c');
  assert.equal(c.tlsConfig.keyFile, '/etc/prometheus/k');
});

const rejected: Array<[string, string]> = [
  ['bearer_token: a\nbearer_token_file: b\n', 'at most one of bearer_token & bearer_token_file must be configured'],
  ['bearer_token: a\nbasic_auth:\n  username: u\n', 'at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured'],
  ['bearer_token: a\nauthorization:\n  credentials: b\n', 'authorization is not compatible with bearer_token & bearer_token_file'],
  ['authorization:\n  credentials: a\nbasic_auth:\n  username: u\n', 'at most one of basic_auth, oauth2 & authorization must be configured'],
  ['authorization:\n  type: Basic\n  credentials: a\n', 'authorization type cannot be set to "basic", use "basic_auth" instead'],
  ['authorization:\n  credentials: a\n  credentials_file: f\n', 'at most one of authorization credentials & credentials_file must be configured'],
  ['basic_auth:\n  username: u\n  password: p\n  password_file: f\n', 'at most one of basic_auth password, password_file & password_ref must be configured'],
  ['basic_auth:\n  username: u\n  username_file: f\n', 'at most one of basic_auth username, username_file & username_ref must be configured'],
  ['oauth2:\n  token_url: http://t\n', 'oauth2 client_id must be configured'],
  ['oauth2:\n  client_id: c\n', 'oauth2 token_url must be configured'],
  ['oauth2:\n  client_id: c\n  token_url: http://t\nbasic_auth:\n  username: u\n', 'at most one of basic_auth, oauth2 & authorization must be configured'],
  ['oauth2:\n  client_id: c\n  token_url: http://t\n  client_secret: s\n  client_secret_file: f\n', 'at most one of oauth2 client_secret, client_secret_file & client_secret_ref must be configured'],
  ['tls_config:\n  ca: x\n  ca_file: y\n', 'at most one of ca, ca_file & ca_ref must be configured'],
  ['tls_config:\n  cert: x\n  cert_file: y\n  key: k\n', 'at most one of cert, cert_file & cert_ref must be configured'],
  ['tls_config:\n  cert: x\n  key: k\n  key_file: y\n', 'at most one of key and key_file must be configured'],
  ['tls_config:\n  cert_file: x\n', 'exactly one of key or key_file must be configured when a client certificate is configured'],
  ['tls_config:\n  key_file: x\n', 'exactly one of cert or cert_file must be configured when a client key is configured'],
  ['tls_config:\n  min_version: TLS14\n', 'unknown TLS version: TLS14'],
  ['proxy_from_environment: true\nproxy_url: http://p\n', 'if proxy_from_environment is configured, proxy_url must not be configured'],
  ['proxy_from_environment: true\nno_proxy: localhost\n', 'if proxy_from_environment is configured, no_proxy must not be configured'],
  ['no_proxy: localhost\n', 'if no_proxy is configured, proxy_url must also be configured'],
  ['proxy_connect_header:\n  X-A: [b]\n', 'if proxy_connect_header is configured, proxy_url or proxy_from_environment must also be configured'],
  ['oauth2:\n  client_id: c\n  token_url: http://t\n  no_proxy: x\n', 'if no_proxy is configured, proxy_url must also be configured'],
  ['proxy_url: "http://[::1"\n', `parse "http://[::1": missing ']' in host`],
  ['http_headers:\n  user-agent:\n    values: [x]\n', 'setting header "User-Agent" is not allowed'],
  ['http_headers:\n  Authorization:\n    secrets: [x]\n', 'setting header "Authorization" is not allowed'],
];

for (const [yaml, message] of rejected) {
  test(`rejects: ${message}`, () => {
    assert.match(errorOf(() => decodeHttp(yaml)), new RegExp(`^/etc/prometheus/prometheus\\.yml:\\d+: .*${escape(message)}`));
  });
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test('unknown keys of nested blocks name Go types like Prometheus does', () => {
  assert.match(errorOf(() => decodeHttp('basic_auth:\n  user: x\n')), /field user not found in type config\.plain/);
  assert.match(errorOf(() => decodeHttp('authorization:\n  token: x\n')), /field token not found in type config\.Authorization/);
  assert.match(errorOf(() => decodeHttp('tls_config:\n  ca_ref: x\n')), /field ca_ref not found in type config\.plain/);
  assert.match(errorOf(() => decodeHttp('http_headers:\n  X-A:\n    value: [x]\n')), /field value not found in type config\.Header/);
});

test('custom headers keep values, secrets and files (resolved)', () => {
  const c = decodeHttp('http_headers:\n  X-Team:\n    values: [a]\n    secrets: [s]\n    files: [f]\n');
  assert.deepEqual(c.httpHeaders, { 'X-Team': { values: ['a'], secrets: ['s'], files: ['/etc/prometheus/f'] } });
});

test('oauth2 keeps its own TLS and proxy settings', () => {
  const c = decodeHttp(
    'oauth2:\n  client_id: c\n  client_secret: s\n  token_url: http://t\n  scopes: [a, b]\n  proxy_url: http://p\n  tls_config:\n    insecure_skip_verify: true\n',
  );
  assert.equal(c.oauth2?.clientId, 'c');
  assert.deepEqual(c.oauth2?.scopes, ['a', 'b']);
  assert.equal(c.oauth2?.proxyUrl, 'http://p');
  assert.equal(c.oauth2?.tlsConfig.insecureSkipVerify, true);
});

test('decodeTlsConfig reads a TLS block alone, with its defaults when absent', () => {
  const f = sectionFields('tls_config:\n  server_name: example\n  min_version: TLS12\n');
  const tls = decodeTlsConfig(f, '/etc');
  assert.equal(tls.serverName, 'example');
  assert.equal(tls.minVersion, 'TLS12');
  assert.equal(decodeTlsConfig(sectionFields('a: 1\n'), '/etc').caFile, '');
});

test('header names are canonicalised like Go', () => {
  assert.equal(canonicalHeaderKey('x-prometheus-remote-write-version'), 'X-Prometheus-Remote-Write-Version');
  assert.equal(canonicalHeaderKey('WWW-authenticate'), 'Www-Authenticate');
});
