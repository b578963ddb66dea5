/**
 * The service-discovery sections of a scrape config or Alertmanager config: `static_configs` and
 * every `<mechanism>_sd_configs` list Prometheus 3.14 knows, decoded strictly with Prometheus's
 * defaults and validation messages. Only static and file discovery run in promstream so far; the
 * others are decoded and validated so that a Prometheus config loads unchanged.
 */
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { Fields, isNull } from '../decode.js';
import { apiTokenCloudSdDecoder, type ApiTokenCloudDiscoveryConfig } from './apiTokenClouds.js';
import { awsSdDecoder, type AwsDiscoveryConfig } from './aws.js';
import { decodeAzureSdConfig, type AzureDiscoveryConfig } from './azure.js';
import { decodeDnsSdConfig, type DnsDiscoveryConfig } from './dns.js';
import { decodeDockerSdConfig, decodeDockerSwarmSdConfig, type DockerDiscoveryConfig, type DockerSwarmDiscoveryConfig } from './docker.js';
import { decodeFileSdConfig, type FileDiscoveryConfig } from './file.js';
import { decodeGceSdConfig, type GceDiscoveryConfig } from './gce.js';
import { decodeConsulSdConfig, decodeNomadSdConfig, type ConsulDiscoveryConfig, type NomadDiscoveryConfig } from './hashicorp.js';
import { decodeHttpSdConfig, type HttpDiscoveryConfig } from './http.js';
import { decodeKubernetesSdConfig, type KubernetesDiscoveryConfig } from './kubernetes.js';
import { decodeMarathonSdConfig, type MarathonDiscoveryConfig } from './marathon.js';
import { decodeOciSdConfig, type OciDiscoveryConfig } from './oci.js';
import { decodeOpenStackSdConfig, type OpenStackDiscoveryConfig } from './openstack.js';
import { decodeOutscaleSdConfig, type OutscaleDiscoveryConfig } from './outscale.js';
import { decodeOvhcloudSdConfig, type OvhcloudDiscoveryConfig } from './ovhcloud.js';
import { decodePuppetDbSdConfig, type PuppetDbDiscoveryConfig } from './puppetdb.js';
import { decodeScalewaySdConfig, type ScalewayDiscoveryConfig } from './scaleway.js';
import type { DiscoveryConfig, SdContext, SdDecoder } from './sdSection.js';
import {
  decodeEurekaSdConfig,
  decodeKumaSdConfig,
  decodeUyuniSdConfig,
  type EurekaDiscoveryConfig,
  type KumaDiscoveryConfig,
  type UyuniDiscoveryConfig,
} from './serverApis.js';
import { decodeStackitSdConfig, type StackitDiscoveryConfig } from './stackit.js';
import { decodeStaticConfigs, type StaticDiscoveryConfig } from './static.js';
import { decodeTritonSdConfig, type TritonDiscoveryConfig } from './triton.js';
import { zookeeperSdDecoder, type ZookeeperDiscoveryConfig } from './zookeeper.js';

export type { DiscoveryConfig, SdContext } from './sdSection.js';
export { checkStaticTargets, checkTargetAddress } from './static.js';
export type {
  ApiTokenCloudDiscoveryConfig, AwsDiscoveryConfig, AzureDiscoveryConfig, ConsulDiscoveryConfig, DnsDiscoveryConfig,
  DockerDiscoveryConfig, DockerSwarmDiscoveryConfig, EurekaDiscoveryConfig, FileDiscoveryConfig, GceDiscoveryConfig,
  HttpDiscoveryConfig, KubernetesDiscoveryConfig, KumaDiscoveryConfig, MarathonDiscoveryConfig, NomadDiscoveryConfig,
  OciDiscoveryConfig, OpenStackDiscoveryConfig, OutscaleDiscoveryConfig, OvhcloudDiscoveryConfig, PuppetDbDiscoveryConfig,
  ScalewayDiscoveryConfig, StackitDiscoveryConfig, StaticDiscoveryConfig, TritonDiscoveryConfig, UyuniDiscoveryConfig,
  ZookeeperDiscoveryConfig,
};

/** Every decoded discovery config, discriminated by `kind`. */
export type AnyDiscoveryConfig =
  | StaticDiscoveryConfig | FileDiscoveryConfig | HttpDiscoveryConfig | DnsDiscoveryConfig | KubernetesDiscoveryConfig
  | ConsulDiscoveryConfig | NomadDiscoveryConfig | AwsDiscoveryConfig | AzureDiscoveryConfig | ApiTokenCloudDiscoveryConfig
  | DockerDiscoveryConfig | DockerSwarmDiscoveryConfig | EurekaDiscoveryConfig | GceDiscoveryConfig | KumaDiscoveryConfig
  | MarathonDiscoveryConfig | ZookeeperDiscoveryConfig | OciDiscoveryConfig | OpenStackDiscoveryConfig
  | OutscaleDiscoveryConfig | OvhcloudDiscoveryConfig | PuppetDbDiscoveryConfig | ScalewayDiscoveryConfig
  | StackitDiscoveryConfig | TritonDiscoveryConfig | UyuniDiscoveryConfig;

/** Each `*_sd_configs` key: Go's type name (for unknown-field errors) and the entry decoder. */
const SD_SECTIONS: Readonly<Record<string, { readonly typeName: string; readonly decode: SdDecoder }>> = {
  aws_sd_configs: { typeName: 'aws.plain', decode: awsSdDecoder('aws') },
  azure_sd_configs: { typeName: 'azure.plain', decode: decodeAzureSdConfig },
  consul_sd_configs: { typeName: 'consul.plain', decode: decodeConsulSdConfig },
  digitalocean_sd_configs: { typeName: 'digitalocean.plain', decode: apiTokenCloudSdDecoder('digitalocean') },
  dns_sd_configs: { typeName: 'dns.plain', decode: decodeDnsSdConfig },
  docker_sd_configs: { typeName: 'moby.plain', decode: decodeDockerSdConfig },
  dockerswarm_sd_configs: { typeName: 'moby.plain', decode: decodeDockerSwarmSdConfig },
  ec2_sd_configs: { typeName: 'aws.plain', decode: awsSdDecoder('ec2') },
  ecs_sd_configs: { typeName: 'aws.plain', decode: awsSdDecoder('ecs') },
  elasticache_sd_configs: { typeName: 'aws.plain', decode: awsSdDecoder('elasticache') },
  eureka_sd_configs: { typeName: 'eureka.plain', decode: decodeEurekaSdConfig },
  file_sd_configs: { typeName: 'file.plain', decode: decodeFileSdConfig },
  gce_sd_configs: { typeName: 'gce.plain', decode: decodeGceSdConfig },
  hetzner_sd_configs: { typeName: 'hetzner.plain', decode: apiTokenCloudSdDecoder('hetzner') },
  http_sd_configs: { typeName: 'http.plain', decode: decodeHttpSdConfig },
  ionos_sd_configs: { typeName: 'ionos.plain', decode: apiTokenCloudSdDecoder('ionos') },
  kubernetes_sd_configs: { typeName: 'kubernetes.plain', decode: decodeKubernetesSdConfig },
  kuma_sd_configs: { typeName: 'xds.plain', decode: decodeKumaSdConfig },
  lightsail_sd_configs: { typeName: 'aws.plain', decode: awsSdDecoder('lightsail') },
  linode_sd_configs: { typeName: 'linode.plain', decode: apiTokenCloudSdDecoder('linode') },
  marathon_sd_configs: { typeName: 'marathon.plain', decode: decodeMarathonSdConfig },
  msk_sd_configs: { typeName: 'aws.plain', decode: awsSdDecoder('msk') },
  nerve_sd_configs: { typeName: 'zookeeper.plain', decode: zookeeperSdDecoder('nerve') },
  nomad_sd_configs: { typeName: 'nomad.plain', decode: decodeNomadSdConfig },
  oci_sd_configs: { typeName: 'oci.plain', decode: decodeOciSdConfig },
  openstack_sd_configs: { typeName: 'openstack.plain', decode: decodeOpenStackSdConfig },
  outscale_sd_configs: { typeName: 'outscale.plain', decode: decodeOutscaleSdConfig },
  ovhcloud_sd_configs: { typeName: 'ovhcloud.plain', decode: decodeOvhcloudSdConfig },
  puppetdb_sd_configs: { typeName: 'puppetdb.plain', decode: decodePuppetDbSdConfig },
  rds_sd_configs: { typeName: 'aws.plain', decode: awsSdDecoder('rds') },
  scaleway_sd_configs: { typeName: 'scaleway.plain', decode: decodeScalewaySdConfig },
  serverset_sd_configs: { typeName: 'zookeeper.plain', decode: zookeeperSdDecoder('serverset') },
  stackit_sd_configs: { typeName: 'stackit.plain', decode: decodeStackitSdConfig },
  triton_sd_configs: { typeName: 'triton.plain', decode: decodeTritonSdConfig },
  uyuni_sd_configs: { typeName: 'uyuni.plain', decode: decodeUyuniSdConfig },
  vultr_sd_configs: { typeName: 'vultr.plain', decode: apiTokenCloudSdDecoder('vultr') },
};

/** The discovery keys a scrape or Alertmanager config may hold (sorted). */
export const DISCOVERY_FIELDS: readonly string[] = ['static_configs', ...Object.keys(SD_SECTIONS)].sort();

/** The keys of a YAML mapping in document order, without marking them read. */
function keysInOrder(node: Node | null): string[] {
  if (node === null || !isMap(node)) return [];
  return (node as YAMLMap<Node, Node | null>).items.map((pair) => (isScalar(pair.key) ? String(pair.key.value) : String(pair.key)));
}

/**
 * Whether the section has non-empty relabel_configs, peeked at without marking the field read:
 * reading it stays the caller's business.
 */
function hasRelabelConfigs(fields: Fields): boolean {
  if (fields.node === null || !isMap(fields.node)) return false;
  const pair = (fields.node as YAMLMap<Node, Node | null>).items.find(
    (p) => isScalar(p.key) && p.key.value === 'relabel_configs',
  );
  return pair !== undefined && pair.value != null && isSeq(pair.value) && pair.value.items.length > 0;
}

function decodeSdList(fields: Fields, key: string, ctx: SdContext): DiscoveryConfig[] {
  const { typeName, decode } = SD_SECTIONS[key]!;
  return (fields.list(key) ?? []).map((item) => {
    if (isNull(item)) throw fields.error(item ?? fields.node, `empty or null section in ${key}`);
    return decode(new Fields(item, typeName, fields.source), ctx);
  });
}

/**
 * Reads every discovery key of a scrape config (`role` 'scrape') or Alertmanager config
 * ('alertmanager') from that section's own Fields, so its `done()` sees them as known. Sections
 * are decoded in document order, so the first bad one is the one reported, as in Prometheus.
 * Static targets written as URLs are rejected here when the section has no relabel_configs
 * (Prometheus's load-time rule); see `checkTargetAddress` for the check after relabelling.
 */
export function decodeDiscoveryConfigs(fields: Fields, configDir: string, role: 'scrape' | 'alertmanager'): DiscoveryConfig[] {
  const ctx: SdContext = { configDir, role };
  const configs: DiscoveryConfig[] = [];
  for (const key of keysInOrder(fields.node)) {
    if (key === 'static_configs') {
      const statics = decodeStaticConfigs(fields, !hasRelabelConfigs(fields));
      if (statics !== undefined) configs.push(statics);
    } else if (key in SD_SECTIONS) {
      configs.push(...decodeSdList(fields, key, ctx));
    }
  }
  return configs;
}
