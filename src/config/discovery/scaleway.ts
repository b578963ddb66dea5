/** `scaleway_sd_configs`: targets from Scaleway instances or bare-metal servers. */
import { quoteGoString } from '../../model/goString.js';
import type { Fields } from '../decode.js';
import { readHttpClientSettings, validateHttpClientConfig, type HttpClientConfig } from '../httpClientConfig.js';
import {
  checkSecretPair,
  durationOr,
  fail,
  intOr,
  readSecretPair,
  stringOr,
  MINUTE,
  type DiscoveryConfig,
  type SdContext,
} from './sdSection.js';

export interface ScalewayDiscoveryConfig extends DiscoveryConfig {
  readonly kind: 'scaleway';
  readonly role: 'instance' | 'baremetal';
  readonly projectId: string;
  readonly zone: string;
  readonly apiUrl: string;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly secretKeyFile: string;
  readonly nameFilter: string;
  readonly tagsFilter: readonly string[];
  readonly port: number;
  readonly refreshIntervalMs: number;
  readonly http: HttpClientConfig;
}

/** Decodes one `scaleway_sd_configs` entry. */
export function decodeScalewaySdConfig(f: Fields, ctx: SdContext): ScalewayDiscoveryConfig {
  const role = stringOr(f, 'role');
  if (role !== '' && role !== 'instance' && role !== 'baremetal') throw f.error(f.node_('role'), `unknown role ${quoteGoString(role)}`);
  const projectId = stringOr(f, 'project_id');
  const zone = stringOr(f, 'zone', 'fr-par-1');
  const apiUrl = stringOr(f, 'api_url', 'https://api.scaleway.com');
  const accessKey = stringOr(f, 'access_key');
  const secret = readSecretPair(f, 'secret_key', ctx);
  const nameFilter = stringOr(f, 'name_filter');
  const tagsFilter = f.stringList('tags_filter') ?? [];
  const port = intOr(f, 'port', 80);
  const refreshIntervalMs = durationOr(f, 'refresh_interval', MINUTE);
  const settings = readHttpClientSettings(f, ctx.configDir);
  f.done();
  if (role === '') fail(f, 'role missing (one of: instance, baremetal)');
  if (projectId === '') fail(f, 'project_id is mandatory');
  checkSecretPair(f, 'secret_key', secret);
  if (accessKey === '') fail(f, 'access_key is mandatory');
  const http = validateHttpClientConfig(f, settings);
  return {
    kind: 'scaleway', implemented: false, role, projectId, zone, apiUrl, accessKey, secretKey: secret.value,
    secretKeyFile: secret.file, nameFilter, tagsFilter, port, refreshIntervalMs, http,
  };
}
