/**
 * Upstream config fixtures, read in place: every rejection EXPECTED_ERRORS.tsv attributes to a
 * discovery section or to HTTP client settings must come from our decoders with the expected
 * words, and the discovery/HTTP parts of every config upstream loads must decode.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isSeq, type Node, type YAMLMap } from 'yaml';
import { Fields, parseYamlSource } from '../../../src/config/decode.js';
import { decodeHttpClientConfig } from '../../../src/config/httpClientConfig.js';
import { checkTargetAddress, decodeDiscoveryConfigs } from '../../../src/config/discovery/index.js';
import { conformanceDir, hasConformance } from '../../support/paths.js';

const configDir = join(conformanceDir, 'config');
const promtoolDir = join(conformanceDir, 'promtool');
const skip = hasConformance ? false : `conformance corpus absent at ${conformanceDir}`;

/** Fixtures whose expected rejection comes from a discovery section or HTTP client settings. */
const OURS = /^(azure_|bearertoken|ec2_|eureka_|hetzner_|http_url|http_token|ionos_|kubernetes_|lightsail_|marathon_|oci_|openstack_|outscale_|ovhcloud_|puppetdb_|scaleway_|stackit_|uyuni_|url_in_targetgroup|empty_static_config)/;

interface ExpectedError {
  readonly file: string;
  readonly mode: string;
  readonly substring: string;
}

function expectedErrors(): ExpectedError[] {
  const lines = readFileSync(join(configDir, 'EXPECTED_ERRORS.tsv'), 'utf8').split('\n').slice(1);
  return lines.filter((l) => l.trim() !== '').map((l) => {
    const [file, mode, substring] = l.split('\t');
    return { file: file!, mode: mode!, substring: substring! };
  });
}

function child(node: Node | null, key: string): Node | null {
  if (node === null || !isMap(node)) return null;
  const pair = (node as YAMLMap<Node, Node | null>).items.find((p) => String((p.key as { value?: unknown }).value) === key);
  return pair?.value ?? null;
}

/** The scrape configs and Alertmanager configs of a whole config file. */
function sectionsOf(path: string): { fields: Fields; role: 'scrape' | 'alertmanager' }[] {
  const { root, source } = parseYamlSource(readFileSync(path, 'utf8'), path);
  const items = (node: Node | null): Node[] => (node !== null && isSeq(node) ? (node.items as Node[]) : []);
  return [
    ...items(child(root, 'scrape_configs')).map((n) => ({ fields: new Fields(n, 'config.plain', source), role: 'scrape' as const })),
    ...items(child(child(root, 'alerting'), 'alertmanagers')).map((n) => ({
      fields: new Fields(n, 'config.plain', source),
      role: 'alertmanager' as const,
    })),
  ];
}

/** Decodes what we own of every section, in Prometheus's order (discovery, then HTTP validation). */
function decodeOurParts(path: string, dir: string): number {
  let decoded = 0;
  for (const { fields, role } of sectionsOf(path)) {
    decoded += decodeDiscoveryConfigs(fields, dir, role).length;
    decodeHttpClientConfig(fields, dir);
  }
  return decoded;
}

test('every discovery and HTTP-client rejection in EXPECTED_ERRORS.tsv is produced with its wording', { skip }, () => {
  const rows = expectedErrors().filter((r) => r.mode === 'load' && OURS.test(r.file));
  assert.equal(rows.length, 62, "our share of the fixture rows");
  const misses: string[] = [];
  for (const row of rows) {
    try {
      decodeOurParts(join(configDir, row.file), configDir);
      misses.push(`${row.file}: loaded, expected ${row.substring}`);
    } catch (e) {
      const message = (e as Error).message;
      if (!message.includes(row.substring)) misses.push(`${row.file}: got ${message}, expected ${row.substring}`);
    }
  }
  assert.deepEqual(misses, []);
});

test('the discovery and HTTP parts of every config upstream loads decode without error', { skip }, () => {
  const failing = new Set(expectedErrors().filter((r) => r.mode === 'load').map((r) => r.file));
  const files = [
    ...readdirSync(configDir).filter((f) => f.endsWith('.yml') && !failing.has(f)).map((f) => join(configDir, f)),
    ...readdirSync(join(configDir, 'scrape_configs')).map((f) => join(configDir, 'scrape_configs', f)),
    ...['prometheus-aws-sd-empty-region.good.yml', 'config_with_service_discovery_files.yml', 'prometheus-config.good.yml']
      .map((f) => join(promtoolDir, f)),
  ];
  const problems: string[] = [];
  for (const file of files) {
    try {
      decodeOurParts(file, configDir);
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  assert.deepEqual(problems, []);
});

test('conf.good.yml: all 34 scrape configs and the Alertmanager section decode', { skip }, () => {
  const sections = sectionsOf(join(configDir, 'conf.good.yml'));
  assert.equal(sections.filter((s) => s.role === 'scrape').length, 34);
  const kinds = new Set<string>();
  for (const { fields, role } of sections) {
    for (const config of decodeDiscoveryConfigs(fields, configDir, role)) kinds.add(config.kind);
    decodeHttpClientConfig(fields, configDir);
  }
  for (const kind of ['static', 'file', 'dns', 'consul', 'kubernetes', 'kuma', 'marathon', 'nomad', 'ec2', 'lightsail', 'azure',
    'nerve', 'http', 'triton', 'digitalocean', 'docker', 'dockerswarm', 'oci', 'openstack', 'puppetdb', 'hetzner', 'eureka',
    'ovhcloud', 'scaleway', 'linode', 'stackit', 'uyuni', 'ionos', 'vultr', 'outscale']) {
    assert.ok(kinds.has(kind), `conf.good.yml should yield a ${kind} config`);
  }
});

test('promtool fixtures: URL targets load when relabelling may rewrite them, and the address check words its finding', { skip }, () => {
  for (const name of ['scrape', 'alert']) {
    for (const variant of ['good', 'bad']) {
      assert.doesNotThrow(() => decodeOurParts(join(promtoolDir, `url_in_${name}_targetgroup_with_relabel_config.${variant}.yml`), promtoolDir));
    }
  }
  assert.equal(checkTargetAddress('http://bad'), '"http://bad" is not a valid hostname');
  assert.equal(checkTargetAddress('good'), undefined);
});

test('static_config.bad.yml is rejected when decoded strictly as one target group', { skip }, () => {
  const path = join(configDir, 'static_config.bad.yml');
  const text = `static_configs:\n${readFileSync(path, 'utf8').replace(/^/gm, '  ').replace(/^ {2}/, '- ')}`;
  const { root, source } = parseYamlSource(text, path);
  assert.throws(() => decodeDiscoveryConfigs(new Fields(root, 'config.plain', source), configDir, 'scrape'), /"\\xff" is not a valid label name/);
});
