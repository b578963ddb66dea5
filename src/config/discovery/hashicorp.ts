/** `consul_sd_configs` and `nomad_sd_configs`: targets from HashiCorp service catalogs. */
import type { Fields } from '../decode.js';
import { readHttpClientSettings, validateHttpClientConfig, type HttpClientConfig } from '../httpClientConfig.js';
import { boolOr, durationOr, fail, stringOr, MINUTE, SECOND, type DiscoveryConfig, type SdContext } from './sdSection.js';

export interface ConsulDiscoveryConfig extends DiscoveryConfig {
  readonly kind: 'consul';
  readonly server: string;
  readonly pathPrefix: string;
  readonly token: string;
  readonly datacenter: string;
  readonly namespace: string;
  readonly partition: string;
  readonly tagSeparator: string;
  readonly scheme: string;
  readonly allowStale: boolean;
  readonly refreshIntervalMs: number;
  readonly services: readonly string[];
  readonly tags: readonly string[];
  readonly nodeMeta: Readonly<Record<string, string>>;
  /** Catalog filter expression. */
  readonly filter: string;
  /** Health endpoint filter expression. */
  readonly healthFilter: string;
  /** Includes the legacy `username`/`password`, moved into basic_auth as Prometheus does. */
  readonly http: HttpClientConfig;
}

/** Decodes one `consul_sd_configs` entry. */
export function decodeConsulSdConfig(f: Fields, ctx: SdContext): ConsulDiscoveryConfig {
  const server = stringOr(f, 'server', 'localhost:8500');
  const pathPrefix = stringOr(f, 'path_prefix');
  const token = stringOr(f, 'token');
  const datacenter = stringOr(f, 'datacenter');
  const namespace = stringOr(f, 'namespace');
  const partition = stringOr(f, 'partition');
  const tagSeparator = stringOr(f, 'tag_separator', ',');
  const scheme = stringOr(f, 'scheme', 'http');
  const username = stringOr(f, 'username');
  const password = stringOr(f, 'password');
  const allowStale = boolOr(f, 'allow_stale', true);
  const refreshIntervalMs = durationOr(f, 'refresh_interval', 30 * SECOND);
  const services = f.stringList('services') ?? [];
  const tags = f.stringList('tags') ?? [];
  const nodeMeta = f.stringMap('node_meta') ?? {};
  const filter = stringOr(f, 'filter');
  const healthFilter = stringOr(f, 'health_filter');
  let settings = readHttpClientSettings(f, ctx.configDir);
  f.done();

  if (server.trim() === '') fail(f, 'consul SD configuration requires a server address');
  if (username !== '' || password !== '') {
    if (settings.basicAuth !== undefined) fail(f, 'at most one of consul SD configuration username and password and basic auth can be configured');
    settings = { ...settings, basicAuth: { username, usernameFile: '', password, passwordFile: '' } };
  }
  if (token !== '' && (settings.authorization !== undefined || settings.oauth2 !== undefined)) {
    fail(f, 'at most one of consul SD token, authorization, or oauth2 can be configured');
  }
  const http = validateHttpClientConfig(f, settings);
  return {
    kind: 'consul', implemented: false, server, pathPrefix, token, datacenter, namespace, partition, tagSeparator, scheme,
    allowStale, refreshIntervalMs, services, tags, nodeMeta, filter, healthFilter, http,
  };
}

export interface NomadDiscoveryConfig extends DiscoveryConfig {
  readonly kind: 'nomad';
  readonly server: string;
  readonly namespace: string;
  readonly region: string;
  readonly tagSeparator: string;
  readonly allowStale: boolean;
  readonly refreshIntervalMs: number;
  readonly http: HttpClientConfig;
}

/** Decodes one `nomad_sd_configs` entry. */
export function decodeNomadSdConfig(f: Fields, ctx: SdContext): NomadDiscoveryConfig {
  const server = stringOr(f, 'server', 'http://localhost:4646');
  const namespace = stringOr(f, 'namespace', 'default');
  const region = stringOr(f, 'region', 'global');
  const tagSeparator = stringOr(f, 'tag_separator', ',');
  const allowStale = boolOr(f, 'allow_stale', true);
  const refreshIntervalMs = durationOr(f, 'refresh_interval', MINUTE);
  const settings = readHttpClientSettings(f, ctx.configDir);
  f.done();
  if (server.trim() === '') fail(f, 'nomad SD configuration requires a server address');
  const http = validateHttpClientConfig(f, settings);
  return { kind: 'nomad', implemented: false, server, namespace, region, tagSeparator, allowStale, refreshIntervalMs, http };
}
