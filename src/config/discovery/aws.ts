/**
 * The AWS family: `ec2_sd_configs`, `lightsail_sd_configs`, `ecs_sd_configs`, `rds_sd_configs`,
 * `msk_sd_configs`, `elasticache_sd_configs` and the unified `aws_sd_configs` (which picks one of
 * them with `role`). They share credentials, region and HTTP client settings. An omitted region is
 * accepted at load: Prometheus 3.14 resolves it from the environment when discovery starts.
 */
import { quoteGoString } from '../../model/goString.js';
import type { Fields } from '../decode.js';
import { readHttpClientSettings, validateHttpClientConfig, type HttpClientConfig } from '../httpClientConfig.js';
import {
  durationOr,
  fail,
  filterList,
  intOr,
  stringOr,
  MINUTE,
  type DiscoveryConfig,
  type NameValuesFilter,
  type SdContext,
} from './sdSection.js';

export type AwsKind = 'ec2' | 'lightsail' | 'ecs' | 'rds' | 'msk' | 'elasticache' | 'aws';
export type AwsRole = 'ec2' | 'ecs' | 'lightsail' | 'msk' | 'rds' | 'elasticache';
const AWS_ROLES: readonly string[] = ['ec2', 'ecs', 'lightsail', 'msk', 'rds', 'elasticache'];

export interface AwsDiscoveryConfig extends DiscoveryConfig {
  readonly kind: AwsKind;
  /** The service discovered: the kind itself, or the `role` of `aws_sd_configs`. */
  readonly role: AwsRole;
  /** '' when to be taken from the environment / instance metadata. */
  readonly region: string;
  readonly endpoint: string;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly profile: string;
  readonly roleArn: string;
  readonly refreshIntervalMs: number;
  readonly port: number;
  /** EC2 instance filters (ec2 only). */
  readonly filters: readonly NameValuesFilter[];
  /** Cluster ARNs to restrict discovery to (ecs, msk, ...); empty means all. */
  readonly clusters: readonly string[];
  /** Concurrent API requests for the services that list many objects. */
  readonly requestConcurrency: number;
  readonly http: HttpClientConfig;
}

/** The kinds whose config has clusters and a request concurrency. */
const CLUSTERED: readonly AwsKind[] = ['ecs', 'rds', 'msk', 'elasticache', 'aws'];

/** Returns the decoder of one AWS `*_sd_configs` entry. */
export function awsSdDecoder(kind: AwsKind): (f: Fields, ctx: SdContext) => AwsDiscoveryConfig {
  return (f, ctx) => {
    let role: AwsRole = kind as AwsRole;
    if (kind === 'aws') {
      const written = stringOr(f, 'role');
      if (!AWS_ROLES.includes(written)) throw f.error(f.node_('role') ?? f.node, `unknown AWS SD role ${quoteGoString(written)}`);
      role = written as AwsRole;
    }
    const region = stringOr(f, 'region');
    const endpoint = stringOr(f, 'endpoint');
    const accessKey = stringOr(f, 'access_key');
    const secretKey = stringOr(f, 'secret_key');
    const profile = stringOr(f, 'profile');
    const roleArn = stringOr(f, 'role_arn');
    const refreshIntervalMs = durationOr(f, 'refresh_interval', MINUTE);
    const port = intOr(f, 'port', 80);
    const filters = kind === 'ec2' || kind === 'aws' ? filterList(f, 'filters', 'aws.EC2Filter') : [];
    const clustered = CLUSTERED.includes(kind);
    const clusters = clustered ? (f.stringList('clusters') ?? []) : [];
    const requestConcurrency = clustered ? intOr(f, 'request_concurrency', 20) : 20;
    const settings = readHttpClientSettings(f, ctx.configDir);
    f.done();
    if (filters.some((filter) => filter.values.length === 0)) fail(f, 'EC2 SD configuration filter values cannot be empty');
    const http = validateHttpClientConfig(f, settings);
    return {
      kind, implemented: false, role, region, endpoint, accessKey, secretKey, profile, roleArn, refreshIntervalMs, port,
      filters, clusters, requestConcurrency, http,
    };
  };
}
