/**
 * `remote_write` and `remote_read` entries as Prometheus's RemoteWriteConfig and RemoteReadConfig
 * marshal them, with the cloud authentication blocks (SigV4, Azure AD, Google IAM).
 */
import type { RemoteReadConfig } from '../remoteReadConfig.js';
import type { AzureAdConfig, GoogleIamConfig, SigV4Config } from '../remoteAuthConfig.js';
import type { MetadataConfig, QueueConfig, RemoteWriteConfig } from '../remoteWriteConfig.js';
import { httpClientFields } from './httpClientYaml.js';
import { optSecret, redactUrl, type MarshalContext } from './marshalContext.js';
import { optRelabelList } from './relabelYaml.js';
import {
  bool, duration, optBool, optDuration, optInt, optStr, optStringMap, str, struct, type YamlNode,
} from './yamlNodes.js';

/** A `sigv4` block (remote write and Alertmanager configs). */
export function sigv4Node(s: SigV4Config, ctx: MarshalContext): YamlNode {
  return struct([
    ['region', optStr(s.region)],
    ['access_key', optStr(s.accessKey)],
    ['secret_key', optSecret(s.secretKey, ctx)],
    ['profile', optStr(s.profile)],
    ['role_arn', optStr(s.roleArn)],
    ['external_id', optStr(s.externalId)],
    ['use_fips_sts_endpoint', optBool(s.useFipsStsEndpoint)],
    ['service_name', optStr(s.serviceName)],
  ]);
}

/**
 * An `azuread` block. The OAuth client secret is hidden like a config.Secret; whether Prometheus
 * types it as one is not certain, and printing it would leak it.
 */
function azureAdNode(a: AzureAdConfig, ctx: MarshalContext): YamlNode {
  return struct([
    ['managed_identity', a.managedIdentity && struct([['client_id', optStr(a.managedIdentity.clientId)]])],
    ['oauth', a.oauth && struct([
      ['client_id', optStr(a.oauth.clientId)],
      ['client_secret', optSecret(a.oauth.clientSecret, ctx)],
      ['tenant_id', optStr(a.oauth.tenantId)],
    ])],
    ['sdk', a.sdk && struct([['tenant_id', optStr(a.sdk.tenantId)]])],
    ['workload_identity', a.workloadIdentity && struct([
      ['client_id', optStr(a.workloadIdentity.clientId)],
      ['tenant_id', optStr(a.workloadIdentity.tenantId)],
      ['token_file_path', optStr(a.workloadIdentity.tokenFilePath)],
    ])],
    ['cloud', optStr(a.cloud)],
    ['scope', optStr(a.scope)],
  ]);
}

function googleIamNode(g: GoogleIamConfig): YamlNode {
  return struct([['credentials_file', optStr(g.credentialsFile)]]);
}

function queueNode(q: QueueConfig): YamlNode {
  return struct([
    ['capacity', optInt(q.capacity)],
    ['max_shards', optInt(q.maxShards)],
    ['min_shards', optInt(q.minShards)],
    ['max_samples_per_send', optInt(q.maxSamplesPerSend)],
    ['batch_send_deadline', optDuration(q.batchSendDeadlineMs)],
    ['min_backoff', optDuration(q.minBackoffMs)],
    ['max_backoff', optDuration(q.maxBackoffMs)],
    ['retry_on_http_429', optBool(q.retryOnHttp429)],
    ['sample_age_limit', optDuration(q.sampleAgeLimitMs)],
  ]);
}

function metadataNode(m: MetadataConfig): YamlNode {
  return struct([
    ['send', bool(m.send)],
    ['send_interval', duration(m.sendIntervalMs)],
    ['max_samples_per_send', optInt(m.maxSamplesPerSend)],
  ]);
}

/** One `remote_write` entry. */
export function remoteWriteNode(rw: RemoteWriteConfig, ctx: MarshalContext): YamlNode {
  return struct([
    ['url', str(redactUrl(rw.url))],
    ['remote_timeout', optDuration(rw.remoteTimeoutMs)],
    ['headers', optStringMap(rw.headers)],
    ['write_relabel_configs', optRelabelList(rw.writeRelabelConfigs)],
    ['name', optStr(rw.name)],
    ['send_exemplars', optBool(rw.sendExemplars)],
    ['send_native_histograms', optBool(rw.sendNativeHistograms)],
    ['round_robin_dns', optBool(rw.roundRobinDns)],
    ['protobuf_message', optStr(rw.protobufMessage)],
    ...httpClientFields(rw.httpClient, ctx),
    ['queue_config', queueNode(rw.queueConfig)],
    ['metadata_config', metadataNode(rw.metadataConfig)],
    ['sigv4', rw.sigv4 && sigv4Node(rw.sigv4, ctx)],
    ['azuread', rw.azureAd && azureAdNode(rw.azureAd, ctx)],
    ['google_iam', rw.googleIam && googleIamNode(rw.googleIam)],
  ]);
}

/**
 * One `remote_read` entry. `filter_external_labels` is omitempty in Go although it defaults to
 * true, so Prometheus drops an explicit `false` and reloads it as true; it prints here whenever
 * it is false, so that the output loads back to the same config.
 */
export function remoteReadNode(rr: RemoteReadConfig, ctx: MarshalContext): YamlNode {
  return struct([
    ['url', str(redactUrl(rr.url))],
    ['remote_timeout', optDuration(rr.remoteTimeoutMs)],
    ['chunked_read_limit', optInt(rr.chunkedReadLimit)],
    ['headers', optStringMap(rr.headers)],
    ['read_recent', optBool(rr.readRecent)],
    ['name', optStr(rr.name)],
    ...httpClientFields(rr.httpClient, ctx),
    ['required_matchers', optStringMap(rr.requiredMatchers)],
    ['filter_external_labels', bool(rr.filterExternalLabels)],
  ]);
}
