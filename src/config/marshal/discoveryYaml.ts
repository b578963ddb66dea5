/**
 * Service-discovery sections as Prometheus prints them. Go appends one `<name>_sd_configs` field
 * per registered mechanism (and `static_configs`) after the fields of the scrape or Alertmanager
 * config, sorted by key, so the discovery keys come last and in alphabetical order. Each
 * mechanism's own fields follow its SDConfig struct. The cloud providers are in
 * cloudDiscoveryYaml.ts.
 */
import type {
  ConsulDiscoveryConfig, DiscoveryConfig, DnsDiscoveryConfig, DockerDiscoveryConfig, DockerSwarmDiscoveryConfig,
  EurekaDiscoveryConfig, FileDiscoveryConfig, HttpDiscoveryConfig, KubernetesDiscoveryConfig, KumaDiscoveryConfig,
  MarathonDiscoveryConfig, NomadDiscoveryConfig, PuppetDbDiscoveryConfig, StaticDiscoveryConfig, TritonDiscoveryConfig,
  UyuniDiscoveryConfig, ZookeeperDiscoveryConfig,
} from '../discovery/index.js';
import type { TargetGroup } from '../../model/targetGroup.js';
import { CLOUD_DISCOVERY_NODES, filtersNode } from './cloudDiscoveryYaml.js';
import { httpClientFields, optTls } from './httpClientYaml.js';
import { optSecret, redactUrl, secret, type MarshalContext } from './marshalContext.js';
import {
  bool, duration, int, optDuration, optStr, optStringMap, optStrings, seq, str, strings, struct,
  type Field, type YamlNode,
} from './yamlNodes.js';

/** Prints one discovery config of a given kind. */
export type DiscoveryNode = (config: DiscoveryConfig, ctx: MarshalContext) => YamlNode;

function groupNode(g: TargetGroup): YamlNode {
  return struct([
    ['targets', strings(g.targets.map((t) => t['__address__'] ?? ''))],
    ['labels', optStringMap(g.labels)],
  ]);
}

const file: DiscoveryNode = (c) => {
  const f = c as FileDiscoveryConfig;
  return struct([['files', strings(f.files)], ['refresh_interval', optDuration(f.refreshIntervalMs)]]);
};

const http: DiscoveryNode = (c, ctx) => {
  const h = c as HttpDiscoveryConfig;
  return struct([...httpClientFields(h.http, ctx), ['refresh_interval', optDuration(h.refreshIntervalMs)], ['url', str(h.url)]]);
};

const dns: DiscoveryNode = (c) => {
  const d = c as DnsDiscoveryConfig;
  return struct([
    ['names', strings(d.names)], ['refresh_interval', optDuration(d.refreshIntervalMs)], ['type', str(d.type)], ['port', int(d.port)],
  ]);
};

const kubernetes: DiscoveryNode = (c, ctx) => {
  const k = c as KubernetesDiscoveryConfig;
  const namespaces = k.namespaces.ownNamespace || k.namespaces.names.length > 0
    ? struct([['own_namespace', bool(k.namespaces.ownNamespace)], ['names', strings(k.namespaces.names)]])
    : undefined;
  const selectors = k.selectors.map((s) => struct([['role', optStr(s.role)], ['label', optStr(s.label)], ['field', optStr(s.field)]]));
  const meta = k.attachMetadata.node || k.attachMetadata.namespace
    ? struct([['node', bool(k.attachMetadata.node)], ['namespace', bool(k.attachMetadata.namespace)]])
    : undefined;
  return struct([
    ['api_server', k.apiServer === undefined ? undefined : str(redactUrl(k.apiServer))],
    ['role', str(k.role)],
    ['kubeconfig_file', str(k.kubeconfigFile)],
    ...httpClientFields(k.http, ctx),
    ['namespaces', namespaces],
    ['selectors', selectors.length === 0 ? undefined : seq(selectors)],
    ['attach_metadata', meta],
  ]);
};

/**
 * Consul. Prometheus keeps a legacy `username`/`password` and also copies them into basic_auth;
 * the loaded config here only has the basic_auth, which is what prints.
 */
const consul: DiscoveryNode = (c, ctx) => {
  const k = c as ConsulDiscoveryConfig;
  return struct([
    ['server', optStr(k.server)],
    ['path_prefix', optStr(k.pathPrefix)],
    ['token', optSecret(k.token, ctx)],
    ['datacenter', optStr(k.datacenter)],
    ['namespace', optStr(k.namespace)],
    ['partition', optStr(k.partition)],
    ['tag_separator', optStr(k.tagSeparator)],
    ['scheme', optStr(k.scheme)],
    ['allow_stale', bool(k.allowStale)],
    ['refresh_interval', optDuration(k.refreshIntervalMs)],
    ['services', optStrings(k.services)],
    ['tags', optStrings(k.tags)],
    ['node_meta', optStringMap(k.nodeMeta)],
    ['filter', optStr(k.filter)],
    ['health_filter', optStr(k.healthFilter)],
    ...httpClientFields(k.http, ctx),
  ]);
};

const nomad: DiscoveryNode = (c, ctx) => {
  const n = c as NomadDiscoveryConfig;
  return struct([
    ['allow_stale', bool(n.allowStale)],
    ...httpClientFields(n.http, ctx),
    ['namespace', str(n.namespace)],
    ['refresh_interval', duration(n.refreshIntervalMs)],
    ['region', str(n.region)],
    ['server', str(n.server)],
    ['tag_separator', optStr(n.tagSeparator)],
  ]);
};

const marathon: DiscoveryNode = (c, ctx) => {
  const m = c as MarathonDiscoveryConfig;
  return struct([
    ['servers', optStrings(m.servers)],
    ['refresh_interval', optDuration(m.refreshIntervalMs)],
    ['auth_token', optSecret(m.authToken, ctx)],
    ['auth_token_file', optStr(m.authTokenFile)],
    ...httpClientFields(m.http, ctx),
  ]);
};

const eureka: DiscoveryNode = (c, ctx) => {
  const e = c as EurekaDiscoveryConfig;
  return struct([['server', optStr(e.server)], ...httpClientFields(e.http, ctx), ['refresh_interval', optDuration(e.refreshIntervalMs)]]);
};

const kuma: DiscoveryNode = (c, ctx) => {
  const k = c as KumaDiscoveryConfig;
  return struct([
    ...httpClientFields(k.http, ctx),
    ['refresh_interval', optDuration(k.refreshIntervalMs)],
    ['fetch_timeout', optDuration(k.fetchTimeoutMs)],
    ['server', optStr(k.server)],
    ['client_id', optStr(k.clientId)],
  ]);
};

const uyuni: DiscoveryNode = (c, ctx) => {
  const u = c as UyuniDiscoveryConfig;
  return struct([
    ['server', str(u.server)],
    ['username', str(u.username)],
    ['password', secret(u.password, ctx)],
    ...httpClientFields(u.http, ctx),
    ['entitlement', optStr(u.entitlement)],
    ['separator', optStr(u.separator)],
    ['refresh_interval', optDuration(u.refreshIntervalMs)],
  ]);
};

const docker: DiscoveryNode = (c, ctx) => {
  const d = c as DockerDiscoveryConfig;
  return struct([
    ...httpClientFields(d.http, ctx),
    ['host', str(d.host)],
    ['port', int(d.port)],
    ['filters', filtersNode(d.filters)],
    ['host_networking_host', str(d.hostNetworkingHost)],
    ['refresh_interval', duration(d.refreshIntervalMs)],
    ['match_first_network', bool(d.matchFirstNetwork)],
  ]);
};

const dockerswarm: DiscoveryNode = (c, ctx) => {
  const d = c as DockerSwarmDiscoveryConfig;
  return struct([
    ...httpClientFields(d.http, ctx),
    ['host', str(d.host)],
    ['role', str(d.role)],
    ['port', int(d.port)],
    ['filters', filtersNode(d.filters)],
    ['refresh_interval', duration(d.refreshIntervalMs)],
  ]);
};

const zookeeper: DiscoveryNode = (c) => {
  const z = c as ZookeeperDiscoveryConfig;
  return struct([['servers', strings(z.servers)], ['paths', strings(z.paths)], ['timeout', optDuration(z.timeoutMs)]]);
};

const puppetdb: DiscoveryNode = (c, ctx) => {
  const p = c as PuppetDbDiscoveryConfig;
  return struct([
    ...httpClientFields(p.http, ctx),
    ['refresh_interval', optDuration(p.refreshIntervalMs)],
    ['url', str(p.url)],
    ['query', str(p.query)],
    ['include_parameters', bool(p.includeParameters)],
    ['port', int(p.port)],
  ]);
};

const triton: DiscoveryNode = (c, ctx) => {
  const t = c as TritonDiscoveryConfig;
  return struct([
    ['account', str(t.account)],
    ['role', str(t.role)],
    ['dns_suffix', str(t.dnsSuffix)],
    ['endpoint', str(t.endpoint)],
    ['groups', optStrings(t.groups)],
    ['port', int(t.port)],
    ['refresh_interval', optDuration(t.refreshIntervalMs)],
    ['tls_config', optTls(t.tlsConfig, ctx)],
    ['version', int(t.version)],
  ]);
};

const NODES: Readonly<Record<string, DiscoveryNode>> = {
  file, http, dns, kubernetes, consul, nomad, marathon, eureka, kuma, uyuni, docker, dockerswarm, puppetdb, triton,
  serverset: zookeeper, nerve: zookeeper, ...CLOUD_DISCOVERY_NODES,
};

/** The key a kind of discovery config prints under. */
function discoveryKey(kind: string): string {
  return kind === 'static' ? 'static_configs' : `${kind}_sd_configs`;
}

/** The discovery fields of a scrape or Alertmanager config, in Go's order (sorted by key). */
export function discoveryFields(configs: readonly DiscoveryConfig[], ctx: MarshalContext): Field[] {
  const byKey = new Map<string, YamlNode[]>();
  for (const config of configs) {
    const key = discoveryKey(config.kind);
    const items = byKey.get(key) ?? [];
    if (config.kind === 'static') {
      // Go keeps every static group in one StaticConfig and prints each group as an entry.
      items.push(...(config as StaticDiscoveryConfig).groups.map(groupNode));
    } else {
      const node = NODES[config.kind];
      if (node === undefined) throw new Error(`no YAML form for discovery kind ${config.kind}`);
      items.push(node(config, ctx));
    }
    byKey.set(key, items);
  }
  return [...byKey.keys()].sort().map((key) => [key, seq(byKey.get(key)!)] as const);
}
