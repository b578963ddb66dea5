import { test } from 'node:test';
import assert from 'node:assert/strict';
import type {
  ApiTokenCloudDiscoveryConfig, AwsDiscoveryConfig, AzureDiscoveryConfig, ConsulDiscoveryConfig, DnsDiscoveryConfig,
  DockerDiscoveryConfig, DockerSwarmDiscoveryConfig, EurekaDiscoveryConfig, GceDiscoveryConfig, HttpDiscoveryConfig,
  KubernetesDiscoveryConfig, KumaDiscoveryConfig, MarathonDiscoveryConfig, NomadDiscoveryConfig, OpenStackDiscoveryConfig,
  OutscaleDiscoveryConfig, OvhcloudDiscoveryConfig, PuppetDbDiscoveryConfig, ScalewayDiscoveryConfig, StackitDiscoveryConfig,
  TritonDiscoveryConfig, UyuniDiscoveryConfig, ZookeeperDiscoveryConfig,
} from '../../../src/config/discovery/index.js';
import { DISCOVERY_FIELDS } from '../../../src/config/discovery/index.js';
import { decodeOne, decodeSd } from './sectionDecoding.js';

const S = 1000;
const M = 60 * S;

test('DISCOVERY_FIELDS lists static_configs and every *_sd_configs key of Prometheus 3.14', () => {
  for (const key of ['static_configs', 'file_sd_configs', 'kubernetes_sd_configs', 'ec2_sd_configs', 'ecs_sd_configs', 'rds_sd_configs',
    'msk_sd_configs', 'elasticache_sd_configs', 'aws_sd_configs', 'oci_sd_configs', 'outscale_sd_configs', 'stackit_sd_configs',
    'serverset_sd_configs', 'nerve_sd_configs', 'kuma_sd_configs']) {
    assert.ok(DISCOVERY_FIELDS.includes(key), key);
  }
  assert.equal(DISCOVERY_FIELDS.length, 37);
});

test('static, file, http and dns discovery are marked as implemented; the other mechanisms are not yet', () => {
  const configs = decodeSd(
    'static_configs: [{targets: [a:1]}]\nfile_sd_configs: [{files: [a.json]}]\nhttp_sd_configs: [{url: "http://sd/x"}]\n' +
      'dns_sd_configs: [{names: [x]}]\nconsul_sd_configs: [{}]\n',
  );
  assert.deepEqual(configs.map((c) => [c.kind, c.implemented]), [['static', true], ['file', true], ['http', true], ['dns', true], ['consul', false]]);
});

test('configs come back in document order', () => {
  const configs = decodeSd('dns_sd_configs: [{names: [x]}]\nstatic_configs: [{targets: [a:1]}]\nfile_sd_configs: [{files: [a.json]}]\n');
  assert.deepEqual(configs.map((c) => c.kind), ['dns', 'static', 'file']);
});

test('http and dns defaults', () => {
  const h = decodeOne<HttpDiscoveryConfig>('http_sd_configs: [{url: "http://sd/targets"}]\n', 'http');
  assert.deepEqual([h.refreshIntervalMs, h.http.followRedirects], [M, true]);
  const d = decodeOne<DnsDiscoveryConfig>('dns_sd_configs: [{names: [x]}]\n', 'dns');
  assert.deepEqual([d.type, d.port, d.refreshIntervalMs], ['SRV', 0, 30 * S]);
  assert.equal(decodeOne<DnsDiscoveryConfig>('dns_sd_configs: [{names: [x], type: a, port: 9}]\n', 'dns').type, 'A');
});

test('kubernetes defaults and paths', () => {
  const k = decodeOne<KubernetesDiscoveryConfig>('kubernetes_sd_configs: [{role: pod, kubeconfig_file: kube/config}]\n', 'kubernetes');
  assert.deepEqual([k.apiServer, k.kubeconfigFile, k.namespaces, k.selectors, k.attachMetadata],
    [undefined, '/etc/prometheus/kube/config', { ownNamespace: false, names: [] }, [], { node: false, namespace: false }]);
});

test('consul and nomad defaults; consul username/password move into basic_auth', () => {
  const c = decodeOne<ConsulDiscoveryConfig>('consul_sd_configs: [{username: u, password: p}]\n', 'consul');
  assert.deepEqual([c.server, c.scheme, c.tagSeparator, c.allowStale, c.refreshIntervalMs], ['localhost:8500', 'http', ',', true, 30 * S]);
  assert.deepEqual(c.http.basicAuth, { username: 'u', usernameFile: '', password: 'p', passwordFile: '' });
  const n = decodeOne<NomadDiscoveryConfig>('nomad_sd_configs: [{}]\n', 'nomad');
  assert.deepEqual([n.server, n.namespace, n.region, n.allowStale, n.refreshIntervalMs], ['http://localhost:4646', 'default', 'global', true, M]);
});

test('an explicit null resets a defaulted field to its zero value, as Go decoding does', () => {
  const c = decodeOne<ConsulDiscoveryConfig>('consul_sd_configs: [{server: x, allow_stale: null, tag_separator: null}]\n', 'consul');
  assert.deepEqual([c.allowStale, c.tagSeparator], [false, '']);
});

test('AWS family defaults: port 80, refresh 1m, region from the environment when omitted', () => {
  const e = decodeOne<AwsDiscoveryConfig>('ec2_sd_configs: [{filters: [{name: a, values: [b]}]}]\n', 'ec2');
  assert.deepEqual([e.role, e.region, e.port, e.refreshIntervalMs, e.filters], ['ec2', '', 80, M, [{ name: 'a', values: ['b'] }]]);
  const ecs = decodeOne<AwsDiscoveryConfig>('ecs_sd_configs: [{clusters: [c1]}]\n', 'ecs');
  assert.deepEqual([ecs.clusters, ecs.requestConcurrency], [['c1'], 20]);
  assert.equal(decodeOne<AwsDiscoveryConfig>('aws_sd_configs: [{role: msk}]\n', 'aws').role, 'msk');
  assert.equal(decodeOne<AwsDiscoveryConfig>('lightsail_sd_configs: [{}]\n', 'lightsail').port, 80);
});

test('azure, gce, openstack, triton defaults', () => {
  const a = decodeOne<AzureDiscoveryConfig>('azure_sd_configs: [{subscription_id: s, authentication_method: ManagedIdentity}]\n', 'azure');
  assert.deepEqual([a.environment, a.port, a.refreshIntervalMs], ['AzurePublicCloud', 80, 5 * M]);
  const g = decodeOne<GceDiscoveryConfig>('gce_sd_configs: [{project: p, zone: z}]\n', 'gce');
  assert.deepEqual([g.port, g.tagSeparator, g.refreshIntervalMs], [80, ',', M]);
  const o = decodeOne<OpenStackDiscoveryConfig>('openstack_sd_configs: [{role: hypervisor, region: r}]\n', 'openstack');
  assert.deepEqual([o.availability, o.port, o.refreshIntervalMs], ['public', 80, M]);
  const t = decodeOne<TritonDiscoveryConfig>('triton_sd_configs: [{account: a, dns_suffix: d, endpoint: e}]\n', 'triton');
  assert.deepEqual([t.role, t.port, t.version, t.refreshIntervalMs], ['container', 9163, 1, M]);
});

test('API-token clouds, docker and swarm defaults', () => {
  for (const kind of ['digitalocean', 'linode', 'vultr']) {
    const c = decodeOne<ApiTokenCloudDiscoveryConfig>(`${kind}_sd_configs: [{}]\n`, kind);
    assert.deepEqual([c.port, c.refreshIntervalMs], [80, M], kind);
  }
  assert.equal(decodeOne<ApiTokenCloudDiscoveryConfig>('linode_sd_configs: [{}]\n', 'linode').tagSeparator, ',');
  assert.equal(decodeOne<ApiTokenCloudDiscoveryConfig>('hetzner_sd_configs: [{role: robot}]\n', 'hetzner').role, 'robot');
  const d = decodeOne<DockerDiscoveryConfig>('docker_sd_configs: [{host: "unix:///run/docker.sock"}]\n', 'docker');
  assert.deepEqual([d.port, d.hostNetworkingHost, d.matchFirstNetwork, d.refreshIntervalMs], [80, 'localhost', true, M]);
  const w = decodeOne<DockerSwarmDiscoveryConfig>('dockerswarm_sd_configs: [{host: "http://h:2375", role: tasks}]\n', 'dockerswarm');
  assert.deepEqual([w.port, w.refreshIntervalMs], [80, M]);
});

test('server-API discoveries: eureka, kuma, uyuni, marathon, puppetdb, zookeeper defaults', () => {
  assert.equal(decodeOne<EurekaDiscoveryConfig>('eureka_sd_configs: [{server: "http://e:8761/eureka"}]\n', 'eureka').refreshIntervalMs, 30 * S);
  const k = decodeOne<KumaDiscoveryConfig>('kuma_sd_configs: [{server: "http://k:5676"}]\n', 'kuma');
  assert.deepEqual([k.refreshIntervalMs, k.fetchTimeoutMs], [30 * S, 2 * M]);
  const u = decodeOne<UyuniDiscoveryConfig>('uyuni_sd_configs: [{server: "https://u", username: a, password: b}]\n', 'uyuni');
  assert.deepEqual([u.entitlement, u.separator, u.refreshIntervalMs], ['monitoring_entitled', ',', M]);
  const m = decodeOne<MarathonDiscoveryConfig>('marathon_sd_configs: [{servers: ["http://m"], auth_token_file: t}]\n', 'marathon');
  assert.deepEqual([m.refreshIntervalMs, m.authTokenFile], [30 * S, '/etc/prometheus/t']);
  const p = decodeOne<PuppetDbDiscoveryConfig>('puppetdb_sd_configs: [{url: "http://p", query: q}]\n', 'puppetdb');
  assert.deepEqual([p.port, p.includeParameters, p.refreshIntervalMs], [80, false, M]);
  const z = decodeOne<ZookeeperDiscoveryConfig>('serverset_sd_configs: [{servers: [zk], paths: [/a]}]\n', 'serverset');
  assert.equal(z.timeoutMs, 10 * S);
});

test('key-based clouds: scaleway, outscale, ovhcloud, stackit defaults', () => {
  const s = decodeOne<ScalewayDiscoveryConfig>(
    'scaleway_sd_configs: [{role: instance, project_id: p, access_key: a, secret_key_file: k}]\n', 'scaleway');
  assert.deepEqual([s.zone, s.apiUrl, s.port, s.secretKeyFile], ['fr-par-1', 'https://api.scaleway.com', 80, '/etc/prometheus/k']);
  const o = decodeOne<OutscaleDiscoveryConfig>('outscale_sd_configs: [{access_key: a, secret_key: s}]\n', 'outscale');
  assert.deepEqual([o.region, o.endpoint, o.port], ['eu-west-2', 'https://api.eu-west-2.outscale.com/api/v1', 80]);
  const v = decodeOne<OvhcloudDiscoveryConfig>(
    'ovhcloud_sd_configs: [{service: vps, application_key: a, application_secret: b, consumer_key: c}]\n', 'ovhcloud');
  assert.deepEqual([v.endpoint, v.refreshIntervalMs], ['ovh-eu', M]);
  const t = decodeOne<StackitDiscoveryConfig>('stackit_sd_configs: [{project: p}]\n', 'stackit');
  assert.deepEqual([t.region, t.port, t.refreshIntervalMs], ['eu01', 80, M]);
});
