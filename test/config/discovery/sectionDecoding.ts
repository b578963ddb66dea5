/** Decodes YAML snippets the way the config loader does for one scrape/Alertmanager section. */
import { Fields, parseYamlSource } from '../../../src/config/decode.js';
import { decodeHttpClientConfig, type HttpClientConfig } from '../../../src/config/httpClientConfig.js';
import { decodeDiscoveryConfigs, type AnyDiscoveryConfig, type DiscoveryConfig } from '../../../src/config/discovery/index.js';

/** The section of a snippet as the enclosing loader would hand it over. */
export function sectionFields(yaml: string, file = '/etc/prometheus/prometheus.yml'): Fields {
  const { root, source } = parseYamlSource(yaml, file);
  return new Fields(root, 'config.plain', source);
}

/** Decodes a snippet's discovery sections, then rejects keys nobody read. */
export function decodeSd(yaml: string, role: 'scrape' | 'alertmanager' = 'scrape'): AnyDiscoveryConfig[] {
  const fields = sectionFields(yaml);
  const configs = decodeDiscoveryConfigs(fields, '/etc/prometheus', role) as AnyDiscoveryConfig[];
  fields.has('relabel_configs');
  fields.done();
  return configs;
}

/** Decodes a snippet's single discovery config of the expected kind. */
export function decodeOne<T extends DiscoveryConfig>(yaml: string, kind: string): T {
  const configs = decodeSd(yaml);
  if (configs.length !== 1 || configs[0]!.kind !== kind) throw new Error(`expected one ${kind} config, got ${configs.map((c) => c.kind)}`);
  return configs[0] as unknown as T;
}

/** Decodes a snippet as a section's HTTP client settings, then rejects keys nobody read. */
export function decodeHttp(yaml: string): HttpClientConfig {
  const fields = sectionFields(yaml);
  const config = decodeHttpClientConfig(fields, '/etc/prometheus');
  fields.done();
  return config;
}

/** The message a decoding function throws (fails the test when it does not throw). */
export function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error, got none');
}
