import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseGoUrl } from '../../../src/config/goUrl.js';

test('URLs split like Go: scheme, host, path', () => {
  const u = parseGoUrl('https://user@Example.com:8443/a%20b?x=1#frag');
  assert.deepEqual([u.scheme, u.user, u.host, u.path, u.rawQuery, u.fragment], ['https', 'user', 'Example.com:8443', '/a b', 'x=1', 'frag']);
});

test('what Go does not treat as an error: no scheme, opaque parts, empty hosts', () => {
  assert.deepEqual([parseGoUrl('invalid').scheme, parseGoUrl('invalid').path], ['', 'invalid']);
  assert.deepEqual([parseGoUrl('kubernetes:443').scheme, parseGoUrl('kubernetes:443').opaque], ['kubernetes', '443']);
  assert.equal(parseGoUrl('http://').host, '');
  assert.equal(parseGoUrl('unix:///var/run/docker.sock').path, '/var/run/docker.sock');
});

test('Go url.Parse errors are worded like Go', () => {
  assert.throws(() => parseGoUrl('://invalid'), { message: 'parse "://invalid": missing protocol scheme' });
  assert.throws(() => parseGoUrl('http://host:port'), { message: 'parse "http://host:port": invalid port ":port" after host' });
  assert.throws(() => parseGoUrl('http://a b'), { message: 'parse "http://a b": invalid character " " in host name' });
  assert.throws(() => parseGoUrl('http://x/%zz'), { message: 'parse "http://x/%zz": invalid URL escape "%zz"' });
  assert.throws(() => parseGoUrl('a:b/c'.replace('a:', '1a:')), /first path segment in URL cannot contain colon/);
});
