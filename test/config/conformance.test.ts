/**
 * Upstream Prometheus's config fixtures (../shared/conformance/config, README §3): every file
 * upstream loads must load here, and every row of EXPECTED_ERRORS.tsv must be rejected with the
 * expected text. A final test prints the counts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfigFile, type LoadFileOptions } from '../../src/config/config.js';
import { Fields, parseYamlSource } from '../../src/config/decode.js';
import { decodeDiscoveryConfigs } from '../../src/config/discovery/index.js';
import { resolveScrapeConfigs } from '../../src/config/scrapeConfigFiles.js';
import { conformanceDir, hasConformance } from '../support/paths.js';

const configDir = join(conformanceDir, 'config');
const skipReason = hasConformance ? false : `conformance corpus not found at ${conformanceDir}`;

interface ExpectedError {
  readonly file: string;
  readonly mode: string;
  readonly substring: string;
  readonly origin: string;
}

/** Files that load and are not named *.good.yml (README §3.2), with the mode they load in. */
const OTHER_LOADABLE: Readonly<Record<string, LoadFileOptions>> = {
  'agent_mode.good.yml': { agentMode: true },
  'agent_mode.without_remote_writes.yml': { agentMode: true },
  // The agent-mode fixtures are ordinary configs outside agent mode.
  'agent_mode.with_alert_manager.yml': {},
  'agent_mode.with_alert_relabels.yml': {},
  'agent_mode.with_rule_files.yml': {},
  'agent_mode.with_remote_reads.yml': {},
  'scrape_config_default_validation_mode.yml': {},
  'scrape_config_global_validation_mode.yml': {},
  'scrape_config_local_validation_mode.yml': {},
  'scrape_config_local_global_validation_mode.yml': {},
  'scrape_config_local_infer_escaping.yml': {},
  'otlp_empty.yml': {},
};

/**
 * Rows whose wording comes from Go libraries we do not imitate word for word; any rejection of
 * the file passes, for the reason given.
 */
const ANY_ERROR_ACCEPTED: Readonly<Record<string, string>> = {
  'static_config.bad.yml': 'strict-yaml-targetgroup: upstream accepts any error (ours: "\\xff" is not a valid label name)',
  'scrape_config_files_fallback_scrape_protocol2.bad.yml':
    'go-yaml prefixes type mismatches with "yaml: unmarshal errors:"; we report them as `file:line: cannot unmarshal !!seq into …`',
};

/** Rows not asserted, with the reason (they are counted as skipped). */
const NOT_ASSERTED: Readonly<Record<string, string>> = {
  'scrape_config_files.bad.yml': 'included-only: exercised through scrape_config_files_global.bad.yml',
  'scrape_config_files_global_duplicate.bad.yml': 'not-exercised upstream: no test loads it',
  'config_with_deprecated_am_api_config.yml': 'not-exercised upstream (the test asks for another file name); checked separately below',
};

function expectedErrors(): ExpectedError[] {
  // Values are never quoted and contain `"`, so split on tabs without CSV quoting.
  const lines = readFileSync(join(configDir, 'EXPECTED_ERRORS.tsv'), 'utf8').split('\n').slice(1);
  return lines.filter((l) => l.trim() !== '').map((l) => {
    const [file, mode, substring, origin] = l.split('\t');
    return { file: file!, mode: mode!, substring: substring!, origin: origin! };
  });
}

/**
 * Whether our message carries the expected text. Upstream's loader prefixes its messages with
 * `parsing YAML file <path>: `; ours put `<path>:<line>: ` in that place (the house error
 * format), so that prefix is matched as either form with the path we passed.
 */
function carries(message: string, expected: string, path: string): boolean {
  const prefix = /^parsing YAML file testdata\/[^:]+: /.exec(expected);
  if (prefix === null) return message.includes(expected);
  const rest = expected.slice(prefix[0].length);
  return message.includes(`parsing YAML file ${path}: ${rest}`) || new RegExp(`^${escapeRegExp(path)}(:\\d+)?: ${escapeRegExp(rest)}`).test(message);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function rejection(run: () => Promise<unknown>): Promise<Error | undefined> {
  try {
    await run();
    return undefined;
  } catch (e) {
    return e as Error;
  }
}

const counts = { good: 0, goodLoaded: 0, bad: 0, badMatched: 0, anyError: 0, skipped: [] as string[] };

const rows = hasConformance ? expectedErrors() : [];
const rejectedFiles = new Set(rows.map((r) => r.file));
const goodFiles = hasConformance
  ? [
      ...readdirSync(configDir).filter((f) => f.endsWith('.good.yml')),
      ...Object.keys(OTHER_LOADABLE),
      ...readdirSync(join(configDir, 'scrape_configs')).filter((f) => f.endsWith('.good.yml')).map((f) => `scrape_configs/${f}`),
    ]
  : [];

test('every config upstream loads loads here, scrape_config_files included', { skip: skipReason }, async (t) => {
  for (const name of goodFiles) {
    await t.test(name, async () => {
      counts.good++;
      const error = await rejection(() => loadConfigFile(join(configDir, name), OTHER_LOADABLE[name] ?? {}));
      assert.equal(error, undefined, `${name}: ${error?.message}`);
      counts.goodLoaded++;
    });
  }
});

test('every fixture upstream rejects is rejected with the expected text', { skip: skipReason }, async (t) => {
  for (const row of rows) {
    const path = join(configDir, row.file);
    await t.test(`${row.file} (${row.mode}): ${row.substring}`, async (st) => {
      if (NOT_ASSERTED[row.file] !== undefined) {
        counts.skipped.push(`${row.file}: ${NOT_ASSERTED[row.file]}`);
        st.skip(NOT_ASSERTED[row.file]);
        return;
      }
      counts.bad++;
      let error: Error | undefined;
      if (row.mode === 'load') {
        error = await rejection(() => loadConfigFile(path, { resolveScrapeConfigFiles: false }));
      } else if (row.mode === 'load-agent') {
        error = await rejection(() => loadConfigFile(path, { agentMode: true }));
      } else if (row.mode === 'load-then-resolve-scrape-config-files') {
        const config = await loadConfigFile(path, { resolveScrapeConfigFiles: false });
        error = await rejection(() => resolveScrapeConfigs(config));
      } else if (row.mode === 'strict-yaml-targetgroup') {
        error = await rejection(async () => decodeStaticGroup(path));
      } else {
        assert.fail(`unknown mode ${row.mode}`);
      }
      assert.ok(error !== undefined, `${row.file} was accepted`);
      if (row.mode === 'strict-yaml-targetgroup' || ANY_ERROR_ACCEPTED[row.file] !== undefined) {
        counts.anyError++;
        return;
      }
      assert.ok(carries(error.message, row.substring, path), `expected ${JSON.stringify(row.substring)}\n     got ${JSON.stringify(error.message)}`);
      counts.badMatched++;
    });
  }
});

/** Decodes a file as the single entry of a static_configs list, strictly. */
function decodeStaticGroup(path: string): void {
  const indented = readFileSync(path, 'utf8').split('\n').map((l) => `    ${l}`).join('\n');
  const { root, source } = parseYamlSource(`static_configs:\n  -\n${indented}\n`, path);
  const f = new Fields(root, 'config.ScrapeConfig', source);
  decodeDiscoveryConfigs(f, configDir, 'scrape');
  f.done();
}

test('the deprecated Alertmanager API v1 is rejected with Prometheus\'s message', { skip: skipReason }, async () => {
  const path = join(configDir, 'config_with_deprecated_am_api_config.yml');
  const error = await rejection(() => loadConfigFile(path));
  assert.match(error?.message ?? '', /expected Alertmanager api version to be one of \[v2\] but got v1/);
});

test('every fixture of the corpus is covered by the runner', { skip: skipReason }, () => {
  const all = readdirSync(configDir).filter((f) => f.endsWith('.yml'));
  const uncovered = all.filter((f) => !rejectedFiles.has(f) && !goodFiles.includes(f));
  assert.deepEqual(uncovered, []);
});

test('summary', { skip: skipReason }, (t) => {
  const accepted = Object.keys(ANY_ERROR_ACCEPTED).map((f) => `${f}: ${ANY_ERROR_ACCEPTED[f]}`);
  t.diagnostic(`good: ${counts.goodLoaded}/${counts.good} loaded`);
  t.diagnostic(`bad: ${counts.badMatched}/${counts.bad - counts.anyError} rejected with the expected text, ${counts.anyError} rejected (any error accepted)`);
  for (const line of accepted) t.diagnostic(`  any error accepted: ${line}`);
  t.diagnostic(`not asserted: ${counts.skipped.length}`);
  for (const line of counts.skipped) t.diagnostic(`  ${line}`);
  assert.equal(counts.goodLoaded, counts.good);
  assert.equal(counts.badMatched, counts.bad - counts.anyError);
});
