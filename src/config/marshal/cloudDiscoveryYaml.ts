/**
 * Cloud-provider discovery sections as Prometheus prints them (AWS family, Azure, GCE, OpenStack,
 * the API-token clouds, Scaleway, STACKIT, Outscale, OVHcloud, OCI), each in its SDConfig's
 * field order. OCI and Outscale are new in Prometheus 3.14 and their field order follows the
 * documentation rather than a struct seen in the source.
 */
import type {
  ApiTokenCloudDiscoveryConfig, AwsDiscoveryConfig, AzureDiscoveryConfig, DiscoveryConfig, GceDiscoveryConfig,
  OciDiscoveryConfig, OpenStackDiscoveryConfig, OutscaleDiscoveryConfig, OvhcloudDiscoveryConfig,
  ScalewayDiscoveryConfig, StackitDiscoveryConfig,
} from '../discovery/index.js';
import type { NameValuesFilter } from '../discovery/sdSection.js';
import { httpClientFields, optTls } from './httpClientYaml.js';
import { optSecret, secret, type MarshalContext } from './marshalContext.js';
import {
  duration, int, optBool, optDuration, optInt, optStr, optStrings, seq, str, strings, struct,
  type Field, type YamlNode,
} from './yamlNodes.js';

/** Prints one discovery config of the kind it is registered for. */
type Printer = (config: DiscoveryConfig, ctx: MarshalContext) => YamlNode;

/** `{name, values}` filters (EC2, Docker); `values` has no omitempty. */
export function filtersNode(filters: readonly NameValuesFilter[]): YamlNode {
  return seq(filters.map((f) => struct([['name', str(f.name)], ['values', strings(f.values)]])));
}

/** Credentials and endpoint fields every AWS service config starts with. */
function awsCredentials(a: AwsDiscoveryConfig, ctx: MarshalContext, regionFirst: boolean): Field[] {
  const place: Field[] = regionFirst ? [['region', str(a.region)], ['endpoint', str(a.endpoint)]] : [['endpoint', str(a.endpoint)], ['region', str(a.region)]];
  return [
    ...place,
    ['access_key', optStr(a.accessKey)],
    ['secret_key', optSecret(a.secretKey, ctx)],
    ['profile', optStr(a.profile)],
    ['role_arn', optStr(a.roleArn)],
  ];
}

const ec2: Printer = (c, ctx) => {
  const a = c as AwsDiscoveryConfig;
  return struct([
    ...awsCredentials(a, ctx, false),
    ['refresh_interval', optDuration(a.refreshIntervalMs)],
    ['port', int(a.port)],
    ['filters', filtersNode(a.filters)],
    ...httpClientFields(a.http, ctx),
  ]);
};

const lightsail: Printer = (c, ctx) => {
  const a = c as AwsDiscoveryConfig;
  return struct([
    ...awsCredentials(a, ctx, false),
    ['refresh_interval', optDuration(a.refreshIntervalMs)],
    ['port', int(a.port)],
    ...httpClientFields(a.http, ctx),
  ]);
};

/** ECS, RDS, MSK and ElastiCache share one shape: clusters, then port and the request concurrency. */
const clusteredAws: Printer = (c, ctx) => {
  const a = c as AwsDiscoveryConfig;
  return struct([
    ...awsCredentials(a, ctx, true),
    ['clusters', optStrings(a.clusters)],
    ['port', int(a.port)],
    ['refresh_interval', optDuration(a.refreshIntervalMs)],
    ['request_concurrency', optInt(a.requestConcurrency)],
    ...httpClientFields(a.http, ctx),
  ]);
};

/** The unified `aws_sd_configs`, which picks a service with `role`. */
const aws: Printer = (c, ctx) => {
  const a = c as AwsDiscoveryConfig;
  return struct([
    ['role', str(a.role)],
    ['region', optStr(a.region)],
    ['endpoint', optStr(a.endpoint)],
    ['access_key', optStr(a.accessKey)],
    ['secret_key', optSecret(a.secretKey, ctx)],
    ['profile', optStr(a.profile)],
    ['role_arn', optStr(a.roleArn)],
    ['refresh_interval', optDuration(a.refreshIntervalMs)],
    ['port', optInt(a.port)],
    ...httpClientFields(a.http, ctx),
    ['request_concurrency', optInt(a.requestConcurrency)],
    ['filters', a.filters.length === 0 ? undefined : filtersNode(a.filters)],
    ['clusters', optStrings(a.clusters)],
  ]);
};

const azure: Printer = (c, ctx) => {
  const a = c as AzureDiscoveryConfig;
  return struct([
    ['environment', optStr(a.environment)],
    ['port', int(a.port)],
    ['subscription_id', str(a.subscriptionId)],
    ['tenant_id', optStr(a.tenantId)],
    ['client_id', optStr(a.clientId)],
    ['client_secret', optSecret(a.clientSecret, ctx)],
    ['refresh_interval', optDuration(a.refreshIntervalMs)],
    ['authentication_method', optStr(a.authenticationMethod)],
    ['resource_group', optStr(a.resourceGroup)],
    ...httpClientFields(a.http, ctx),
  ]);
};

const gce: Printer = (c) => {
  const g = c as GceDiscoveryConfig;
  return struct([
    ['project', str(g.project)],
    ['zone', str(g.zone)],
    ['filter', optStr(g.filter)],
    ['refresh_interval', optDuration(g.refreshIntervalMs)],
    ['port', int(g.port)],
    ['tag_separator', optStr(g.tagSeparator)],
  ]);
};

const openstack: Printer = (c, ctx) => {
  const o = c as OpenStackDiscoveryConfig;
  return struct([
    ['identity_endpoint', str(o.identityEndpoint)],
    ['username', str(o.username)],
    ['userid', str(o.userId)],
    ['password', secret(o.password, ctx)],
    ['project_name', str(o.projectName)],
    ['project_id', str(o.projectId)],
    ['domain_name', str(o.domainName)],
    ['domain_id', str(o.domainId)],
    ['application_credential_name', str(o.applicationCredentialName)],
    ['application_credential_id', str(o.applicationCredentialId)],
    ['application_credential_secret', secret(o.applicationCredentialSecret, ctx)],
    ['role', str(o.role)],
    ['region', str(o.region)],
    ['refresh_interval', duration(o.refreshIntervalMs)],
    ['port', int(o.port)],
    ['all_tenants', optBool(o.allTenants)],
    ['tls_config', optTls(o.tlsConfig, ctx)],
    ['availability', optStr(o.availability)],
  ]);
};

/** DigitalOcean, Vultr, Linode, IONOS and Hetzner: the HTTP settings first, then their own fields. */
const apiTokenCloud: Printer = (c, ctx) => {
  const a = c as ApiTokenCloudDiscoveryConfig;
  const extras: Field[] = [];
  if (a.kind === 'ionos') extras.push(['datacenter_id', str(a.datacenterId ?? '')]);
  const common: Field[] = [['refresh_interval', duration(a.refreshIntervalMs)], ['port', int(a.port)]];
  if (a.kind === 'linode') common.push(['tag_separator', optStr(a.tagSeparator)], ['region', optStr(a.region)]);
  if (a.kind === 'hetzner') common.push(['role', str(a.role ?? '')], ['label_selector', optStr(a.labelSelector)]);
  return struct([...httpClientFields(a.http, ctx), ...extras, ...common]);
};

const scaleway: Printer = (c, ctx) => {
  const s = c as ScalewayDiscoveryConfig;
  return struct([
    ['project_id', str(s.projectId)],
    ['api_url', optStr(s.apiUrl)],
    ['zone', optStr(s.zone)],
    ['access_key', str(s.accessKey)],
    ['secret_key', optSecret(s.secretKey, ctx)],
    ['secret_key_file', optStr(s.secretKeyFile)],
    ['name_filter', optStr(s.nameFilter)],
    ['tags_filter', optStrings(s.tagsFilter)],
    ...httpClientFields(s.http, ctx),
    ['refresh_interval', duration(s.refreshIntervalMs)],
    ['port', int(s.port)],
    ['role', str(s.role)],
  ]);
};

/** STACKIT. The keys are secrets in 3.14 (upstream asserts `mysecret_sa_key` never prints). */
const stackit: Printer = (c, ctx) => {
  const s = c as StackitDiscoveryConfig;
  return struct([
    ...httpClientFields(s.http, ctx),
    ['project', str(s.project)],
    ['refresh_interval', optDuration(s.refreshIntervalMs)],
    ['port', optInt(s.port)],
    ['region', optStr(s.region)],
    ['endpoint', optStr(s.endpoint)],
    ['service_account_key', optSecret(s.serviceAccountKey, ctx)],
    ['private_key', optSecret(s.privateKey, ctx)],
    ['service_account_key_path', optStr(s.serviceAccountKeyPath)],
    ['private_key_path', optStr(s.privateKeyPath)],
    ['credentials_file_path', optStr(s.credentialsFilePath)],
  ]);
};

const outscale: Printer = (c, ctx) => {
  const o = c as OutscaleDiscoveryConfig;
  return struct([
    ...httpClientFields(o.http, ctx),
    ['endpoint', optStr(o.endpoint)],
    ['region', str(o.region)],
    ['access_key', str(o.accessKey)],
    ['secret_key', optSecret(o.secretKey, ctx)],
    ['secret_key_file', optStr(o.secretKeyFile)],
    ['refresh_interval', optDuration(o.refreshIntervalMs)],
    ['port', optInt(o.port)],
  ]);
};

const ovhcloud: Printer = (c, ctx) => {
  const o = c as OvhcloudDiscoveryConfig;
  return struct([
    ['endpoint', str(o.endpoint)],
    ['application_key', str(o.applicationKey)],
    ['application_secret', secret(o.applicationSecret, ctx)],
    ['consumer_key', secret(o.consumerKey, ctx)],
    ['refresh_interval', duration(o.refreshIntervalMs)],
    ['service', str(o.service)],
  ]);
};

const oci: Printer = (c, ctx) => {
  const o = c as OciDiscoveryConfig;
  return struct([
    ['auth', str(o.auth)],
    ['region', str(o.region)],
    ['tenancy', optStr(o.tenancy)],
    ['user', optStr(o.user)],
    ['fingerprint', optStr(o.fingerprint)],
    ['key_file', optStr(o.keyFile)],
    ['key_passphrase', optSecret(o.keyPassphrase, ctx)],
    ['compartments', optStrings(o.compartments)],
    ['port', int(o.port)],
    ['refresh_interval', optDuration(o.refreshIntervalMs)],
  ]);
};

/** The printers of the cloud discovery kinds, by kind. */
export const CLOUD_DISCOVERY_NODES: Readonly<Record<string, Printer>> = {
  ec2, lightsail, ecs: clusteredAws, rds: clusteredAws, msk: clusteredAws, elasticache: clusteredAws, aws, azure, gce,
  openstack, digitalocean: apiTokenCloud, vultr: apiTokenCloud, linode: apiTokenCloud, ionos: apiTokenCloud,
  hetzner: apiTokenCloud, scaleway, stackit, outscale, ovhcloud, oci,
};
