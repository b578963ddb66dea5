/**
 * `remote_write` entries with Prometheus's defaults (30 s timeout, HTTP/2 off, the queue and
 * metadata defaults below) and validation messages.
 */
import type { Node } from 'yaml';
import { Fields, isNull, type ConfigError } from './decode.js';
import { parseGoUrl } from './goUrl.js';
import { decodeHttpClientConfig, type HttpClientConfig } from './httpClientConfig.js';
import { decodeRelabelList, type RelabelDraft } from './relabelConfig.js';
import { decodeAzureAd, decodeGoogleIam, decodeSigV4, type AzureAdConfig, type GoogleIamConfig, type SigV4Config } from './remoteAuthConfig.js';
import { decodeRemoteHeaders } from './remoteHeaders.js';
import type { RelabelConfig } from './relabelConfig.js';

export type RemoteWriteMessage = 'prometheus.WriteRequest' | 'io.prometheus.write.v2.Request';

export interface QueueConfig {
  readonly capacity: number;
  readonly maxShards: number;
  readonly minShards: number;
  readonly maxSamplesPerSend: number;
  readonly batchSendDeadlineMs: number;
  readonly minBackoffMs: number;
  readonly maxBackoffMs: number;
  readonly retryOnHttp429: boolean;
  /** 0 means samples never age out. */
  readonly sampleAgeLimitMs: number;
}

export interface MetadataConfig {
  readonly send: boolean;
  readonly sendIntervalMs: number;
  readonly maxSamplesPerSend: number;
}

export interface RemoteWriteConfig {
  readonly url: string;
  readonly remoteTimeoutMs: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly writeRelabelConfigs: readonly RelabelConfig[];
  /** '' when not configured (Prometheus then names the queue by a hash of its config). */
  readonly name: string;
  readonly sendExemplars: boolean;
  readonly sendNativeHistograms: boolean;
  readonly roundRobinDns: boolean;
  readonly protobufMessage: RemoteWriteMessage;
  readonly httpClient: HttpClientConfig;
  readonly queueConfig: QueueConfig;
  readonly metadataConfig: MetadataConfig;
  readonly sigv4?: SigV4Config;
  readonly azureAd?: AzureAdConfig;
  readonly googleIam?: GoogleIamConfig;
}

/** A decoded entry whose relabel rules still wait for the global name validation scheme. */
export interface RemoteWriteDraft extends Omit<RemoteWriteConfig, 'writeRelabelConfigs'> {
  readonly writeRelabelDrafts: readonly RelabelDraft[];
  readonly error: (message: string) => ConfigError;
}

export const DEFAULT_QUEUE_CONFIG: QueueConfig = {
  capacity: 10_000,
  maxShards: 50,
  minShards: 1,
  maxSamplesPerSend: 2000,
  batchSendDeadlineMs: 5000,
  minBackoffMs: 30,
  maxBackoffMs: 5000,
  retryOnHttp429: false,
  sampleAgeLimitMs: 0,
};

export const DEFAULT_METADATA_CONFIG: MetadataConfig = { send: true, sendIntervalMs: 60_000, maxSamplesPerSend: 2000 };

const MESSAGES: readonly RemoteWriteMessage[] = ['prometheus.WriteRequest', 'io.prometheus.write.v2.Request'];

/** Reads a remote storage `url` field, failing with `url for <section> is empty` when absent or null. */
export function decodeRemoteUrl(f: Fields, node: Node, section: string): string {
  const url = f.string('url');
  if (url === undefined) throw f.error(node, `url for ${section} is empty`);
  try {
    parseGoUrl(url);
  } catch (e) {
    throw f.error(f.node_('url'), (e as Error).message);
  }
  return url;
}

/** Decodes one remote_write entry (null entries are reported by the caller). */
export function decodeRemoteWriteConfig(node: Node, parent: Fields, configDir: string): RemoteWriteDraft {
  const f = new Fields(node, 'config.plain', parent.source);
  const queueConfig = decodeQueueConfig(f);
  const metadataConfig = decodeMetadataConfig(f);
  const sigv4 = decodeSigV4(f);
  const azureAd = decodeAzureAd(f, configDir);
  const googleIam = decodeGoogleIam(f, configDir);
  const http = decodeHttpClientConfig(f, configDir);
  const draft: RemoteWriteDraft = {
    url: decodeRemoteUrl(f, node, 'remote_write'),
    remoteTimeoutMs: f.durationOr('remote_timeout', 30_000),
    headers: decodeRemoteHeaders(f, 'authorization header must be changed via the basic_auth, authorization, oauth2, sigv4, azuread or google_iam parameter'),
    writeRelabelDrafts: decodeRelabelList(f, 'write_relabel_configs', 'empty or null relabeling rule in remote write config'),
    name: f.string('name') ?? '',
    sendExemplars: f.bool('send_exemplars') ?? false,
    sendNativeHistograms: f.bool('send_native_histograms') ?? false,
    roundRobinDns: f.bool('round_robin_dns') ?? false,
    protobufMessage: decodeProtobufMessage(f),
    // Remote write turns HTTP/2 off unless asked for: one connection would carry every shard.
    httpClient: f.has('enable_http2') ? http : { ...http, enableHttp2: false },
    queueConfig,
    metadataConfig,
    sigv4,
    azureAd,
    googleIam,
    error: (message) => f.error(node, message),
  };
  f.done();
  const auth = [
    http.basicAuth && 'basic_auth', http.authorization && 'authorization', http.oauth2 && 'oauth2',
    sigv4 && 'sigv4', azureAd && 'azuread', googleIam && 'google_iam',
  ].filter((a): a is string => typeof a === 'string');
  if (auth.length > 1) {
    throw f.error(node, `at most one of basic_auth, authorization, oauth2, sigv4, azuread or google_iam must be configured. Currently configured: [${auth.join(' ')}]`);
  }
  return draft;
}

function decodeProtobufMessage(f: Fields): RemoteWriteMessage {
  const message = f.stringOr('protobuf_message', 'prometheus.WriteRequest');
  if (!(MESSAGES as readonly string[]).includes(message)) {
    throw f.error(f.node_('protobuf_message'), `invalid protobuf_message value: unknown type for remote write protobuf message ${message}, supported: ${MESSAGES.join(', ')}`);
  }
  return message as RemoteWriteMessage;
}

function decodeQueueConfig(parent: Fields): QueueConfig {
  const f = parent.sub('queue_config', 'config.QueueConfig');
  if (f === undefined) return DEFAULT_QUEUE_CONFIG;
  const d = DEFAULT_QUEUE_CONFIG;
  const q: QueueConfig = {
    capacity: f.integerOr('capacity', d.capacity),
    maxShards: f.integerOr('max_shards', d.maxShards),
    minShards: f.integerOr('min_shards', d.minShards),
    maxSamplesPerSend: f.integerOr('max_samples_per_send', d.maxSamplesPerSend),
    batchSendDeadlineMs: f.durationOr('batch_send_deadline', d.batchSendDeadlineMs),
    minBackoffMs: f.durationOr('min_backoff', d.minBackoffMs),
    maxBackoffMs: f.durationOr('max_backoff', d.maxBackoffMs),
    retryOnHttp429: f.boolOr('retry_on_http_429', d.retryOnHttp429),
    sampleAgeLimitMs: f.durationOr('sample_age_limit', d.sampleAgeLimitMs),
  };
  f.done();
  const fail = (field: string, message: string): never => {
    throw f.error(f.node_(field) ?? f.node, `remote write queue ${message}`);
  };
  if (q.maxSamplesPerSend <= 0) fail('max_samples_per_send', 'max_samples_per_send must be positive');
  if (q.capacity <= 0) fail('capacity', 'capacity must be positive');
  if (q.maxShards <= 0) fail('max_shards', 'max_shards must be positive');
  if (q.minShards <= 0) fail('min_shards', 'min_shards must be positive');
  if (q.minShards > q.maxShards) fail('min_shards', 'min_shards must not be greater than max_shards');
  if (q.maxBackoffMs < q.minBackoffMs) fail('max_backoff', 'max_backoff must not be less than min_backoff');
  return q;
}

function decodeMetadataConfig(parent: Fields): MetadataConfig {
  const f = parent.sub('metadata_config', 'config.MetadataConfig');
  if (f === undefined) return DEFAULT_METADATA_CONFIG;
  const d = DEFAULT_METADATA_CONFIG;
  const m: MetadataConfig = {
    send: f.boolOr('send', d.send),
    sendIntervalMs: f.durationOr('send_interval', d.sendIntervalMs),
    maxSamplesPerSend: f.integerOr('max_samples_per_send', d.maxSamplesPerSend),
  };
  f.done();
  return m;
}

/** Decodes the remote_write list; a null entry becomes its error, reported once sections are validated. */
export function decodeRemoteWriteList(parent: Fields, configDir: string): Array<RemoteWriteDraft | ConfigError> {
  return (parent.list('remote_write') ?? []).map((item) =>
    isNull(item) ? parent.error(item, 'empty or null remote write config section') : decodeRemoteWriteConfig(item, parent, configDir),
  );
}
