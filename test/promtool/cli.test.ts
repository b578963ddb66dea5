/** promtool's command line: kingpin-style errors, help, web-config checks, and the built entry point. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import bcrypt from 'bcryptjs';
import { parseGoDuration } from '../../src/promtool/args.js';
import { conformanceDir, hasConformance } from '../support/paths.js';
import { fixture, promtool } from './support.js';

test('usage errors name the problem and point to --help', async () => {
  assert.deepEqual(await promtool(['bogus']), { code: 1, stdout: '', stderr: 'promtool: error: expected command but got "bogus", try --help\n' });
  assert.equal((await promtool([])).stderr, 'promtool: error: command not specified, try --help\n');
  assert.equal((await promtool(['check', 'rules', '--nope'])).stderr, "promtool: error: unknown long flag '--nope', try --help\n");
  assert.equal((await promtool(['check', 'config'])).stderr, "promtool: error: required argument 'config-files' not provided, try --help\n");
  assert.equal((await promtool(['check', 'config', '--query.lookback-delta=x', 'a'])).stderr, 'promtool: error: time: invalid duration "x", try --help\n');
  assert.match((await promtool(['push', 'metrics', 'http://x'])).stderr, /"push metrics" is not available in promstream's promtool yet/);
  assert.equal((await promtool(['test', 'rules', 'x.yml'])).stderr, "promtool: error: path 'x.yml' does not exist, try --help\n");
});

test('help and version go to standard output', async () => {
  const help = await promtool(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /check config\n/);
  assert.match((await promtool(['check', 'rules', '--help'])).stdout, /^usage: promtool check rules \[<flags>\] \[<rule-files>\.\.\.\]/);
  assert.equal((await promtool(['--version'])).code, 0);
});

test('Go durations for --query.lookback-delta', () => {
  assert.equal(parseGoDuration('5m'), 300_000);
  assert.equal(parseGoDuration('1h30m'), 5_400_000);
  assert.equal(parseGoDuration('1.5s'), 1500);
  assert.equal(parseGoDuration('0'), 0);
  assert.throws(() => parseGoDuration('5'), /time: invalid duration "5"/);
});

test('check web-config: hashes, structure and TLS files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'promtool-web-'));
  const write = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const good = write('good.yml', `basic_auth_users:\n  alice: ${bcrypt.hashSync('secret', 4)}\n`);
  assert.deepEqual(await promtool(['check', 'web-config', good]), { code: 0, stdout: '', stderr: `${good} SUCCESS\n` });
  const short = write('short.yml', 'basic_auth_users:\n  alice: short\n');
  assert.equal((await promtool(['check', 'web-config', short])).stderr, `${short} FAILED: crypto/bcrypt: hashedSecret too short to be a bcrypted password\n`);
  const tls = write('tls.yml', 'tls_server_config:\n  cert_file: nope.crt\n  key_file: nope.key\n');
  const cert = join(dir, 'nope.crt');
  assert.equal((await promtool(['check', 'web-config', tls])).stderr, `${tls} FAILED: failed to load X509KeyPair: open ${cert}: no such file or directory\n`);
  const both = await promtool(['check', 'web-config', good, short]);
  assert.equal(both.code, 1);
});

test('the built entry point runs as `node promtool.js`', { skip: hasConformance ? false : `conformance corpus not found at ${conformanceDir}` }, async () => {
  const entry = fileURLToPath(new URL('../../src/promtool.js', import.meta.url));
  const result = await new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(process.execPath, [entry, 'check', 'rules', '--lint-fatal', fixture('prometheus-rules.lint.yml')], (error, stdout) => {
      resolve({ code: error ? (error.code as number) : 0, stdout });
    });
  });
  assert.equal(result.code, 3);
  assert.equal(result.stdout, `Checking ${fixture('prometheus-rules.lint.yml')}\n\n`);
});
