import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSd, errorOf } from './sectionDecoding.js';

/** Rejections beyond those the upstream fixtures pin, each with Prometheus's wording. */
const rejected: Array<[string, string]> = [
  ['dns_sd_configs: [{}]', 'DNS-SD config must contain at least one SRV record name'],
  ['dns_sd_configs: [{names: [x], type: A}]', 'a port is required in DNS-SD configs for all record types except SRV'],
  ['dns_sd_configs: [{names: [x], type: TXT}]', 'invalid DNS-SD records type TXT'],
  ['consul_sd_configs: [{server: " "}]', 'consul SD configuration requires a server address'],
  ['consul_sd_configs: [{username: u, basic_auth: {username: v}}]', 'at most one of consul SD configuration username and password and basic auth can be configured'],
  ['consul_sd_configs: [{token: t, authorization: {credentials: c}}]', 'at most one of consul SD token, authorization, or oauth2 can be configured'],
  ['nomad_sd_configs: [{server: ""}]', 'nomad SD configuration requires a server address'],
  ['docker_sd_configs: [{}]', 'host missing'],
  ['docker_sd_configs: [{host: "tcp://h:x"}]', 'parse "tcp://h:x": invalid port ":x" after host'],
  ['dockerswarm_sd_configs: [{host: "http://h"}]', 'role missing (one of: tasks, services, nodes)'],
  ['dockerswarm_sd_configs: [{host: "http://h", role: containers}]', 'invalid role containers, expected tasks, services, or nodes'],
  ['gce_sd_configs: [{zone: z}]', 'GCE SD configuration requires a project'],
  ['gce_sd_configs: [{project: p}]', 'GCE SD configuration requires a zone'],
  ['triton_sd_configs: [{role: vm, account: a, dns_suffix: d, endpoint: e}]', "triton SD configuration requires role to be 'container' or 'cn'"],
  ['triton_sd_configs: [{dns_suffix: d, endpoint: e}]', 'triton SD configuration requires an account'],
  ['triton_sd_configs: [{account: a, endpoint: e}]', 'triton SD configuration requires a dns_suffix'],
  ['triton_sd_configs: [{account: a, dns_suffix: d}]', 'triton SD configuration requires an endpoint'],
  ['nerve_sd_configs: [{paths: [/a]}]', 'nerve SD config must contain at least one Zookeeper server'],
  ['serverset_sd_configs: [{servers: [zk]}]', 'serverset SD config must contain at least one path'],
  ['serverset_sd_configs: [{servers: [zk], paths: [a]}]', "serverset SD config paths must begin with '/': a"],
  ['kuma_sd_configs: [{server: "kuma:5676"}]', 'kuma SD server must not be empty and have a scheme: kuma:5676'],
  ['uyuni_sd_configs: [{server: "https://u", password: p}]', 'Uyuni SD configuration requires a username'],
  ['uyuni_sd_configs: [{server: "https://u", username: u}]', 'Uyuni SD configuration requires a password'],
  ['openstack_sd_configs: [{region: r}]', 'role missing (one of: instance, hypervisor, loadbalancer)'],
  ['openstack_sd_configs: [{role: instance}]', 'openstack SD configuration requires a region'],
  ['hetzner_sd_configs: [{}]', 'role missing (one of: robot, hcloud)'],
  ['scaleway_sd_configs: [{role: instance, access_key: a, secret_key: s}]', 'project_id is mandatory'],
  ['scaleway_sd_configs: [{role: instance, project_id: p, secret_key: s}]', 'access_key is mandatory'],
  ['outscale_sd_configs: [{secret_key: s}]', 'outscale SD configuration requires an access_key'],
  ['ovhcloud_sd_configs: [{endpoint: "", service: vps}]', 'endpoint can not be empty'],
  ['ovhcloud_sd_configs: [{service: vps}]', 'application key can not be empty'],
  ['ovhcloud_sd_configs: [{service: vps, application_key: a, application_secret: b}]', 'consumer key can not be empty'],
  ['stackit_sd_configs: [{region: ""}]', 'endpoint or region missing'],
  ['oci_sd_configs: [{auth: instance_principal}]', 'oci_sd: region is required'],
  ['aws_sd_configs: [{}]', 'unknown AWS SD role ""'],
  ['aws_sd_configs: [{role: ec3}]', 'unknown AWS SD role "ec3"'],
  ['azure_sd_configs: [{}]', 'azure SD configuration requires a subscription_id'],
  ['kubernetes_sd_configs: [{}]', 'role missing (one of: pod, service, endpoints, endpointslice, node, ingress)'],
  ['kubernetes_sd_configs: [{role: pod, selectors: [{role: pod, label: "a in b"}]}]', "found 'b', expected: '('"],
  ['kubernetes_sd_configs: [{role: pod, selectors: [{role: pods}]}]', 'unknown Kubernetes SD role "pods"'],
  ['kubernetes_sd_configs: [{role: pod, api_server: "https://k", tls_config: {cert_file: c}}]', 'exactly one of key or key_file must be configured when a client certificate is configured'],
  ['http_sd_configs: [{url: "http://sd", tls_config: {ca: a, ca_file: b}}]', 'at most one of ca, ca_file & ca_ref must be configured'],
  ['http_sd_configs: [{url: "http://sd", bearer_token: a, authorization: {credentials: b}}]', 'authorization is not compatible with bearer_token & bearer_token_file'],
  ['http_sd_configs: [{}]', 'URL is missing'],
  ['ec2_sd_configs: [{port: x}]', 'cannot unmarshal !!str `x` into number'],
];

for (const [yaml, message] of rejected) {
  test(`rejects: ${message}`, () => {
    const error = errorOf(() => decodeSd(`${yaml}\n`));
    assert.ok(error.startsWith('/etc/prometheus/prometheus.yml:1: '), error);
    assert.ok(error.includes(message), `${error}\n  should contain: ${message}`);
  });
}

test('unknown keys of an SD entry name Prometheus\'s Go type', () => {
  for (const [yaml, type] of [
    ['kubernetes_sd_configs: [{role: pod, namespace: x}]', 'kubernetes.plain'],
    ['kubernetes_sd_configs: [{role: pod, selectors: [{role: pod, labels: x}]}]', 'kubernetes.SelectorConfig'],
    ['consul_sd_configs: [{servers: x}]', 'consul.plain'],
    ['ec2_sd_configs: [{filters: [{name: a, value: b}]}]', 'aws.EC2Filter'],
    ['kuma_sd_configs: [{server: "http://k", x: 1}]', 'xds.plain'],
    ['docker_sd_configs: [{host: "unix:///d", x: 1}]', 'moby.plain'],
    ['openstack_sd_configs: [{role: instance, region: r, proxy_url: "http://p"}]', 'openstack.plain'],
  ]) {
    assert.match(errorOf(() => decodeSd(`${yaml}\n`)), new RegExp(`not found in type ${type!.replace('.', '\\.')}`), yaml);
  }
});

test('a discovery list that is not a list is a type error', () => {
  assert.match(errorOf(() => decodeSd('dns_sd_configs: {names: [x]}\n')), /cannot unmarshal !!map into dns_sd_configs/);
});
