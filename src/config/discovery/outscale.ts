/** `outscale_sd_configs`: targets from Outscale VMs. */
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

export interface OutscaleDiscoveryConfig extends DiscoveryConfig {
  readonly kind: 'outscale';
  readonly region: string;
  /** The API URL; derived from the region when not configured. */
  readonly endpoint: string;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly secretKeyFile: string;
  readonly port: number;
  readonly refreshIntervalMs: number;
  readonly http: HttpClientConfig;
}

/** Decodes one `outscale_sd_configs` entry. */
export function decodeOutscaleSdConfig(f: Fields, ctx: SdContext): OutscaleDiscoveryConfig {
  const endpoint = stringOr(f, 'endpoint');
  const region = stringOr(f, 'region', 'eu-west-2');
  const accessKey = stringOr(f, 'access_key');
  const secret = readSecretPair(f, 'secret_key', ctx);
  const refreshIntervalMs = durationOr(f, 'refresh_interval', MINUTE);
  const port = intOr(f, 'port', 80);
  const settings = readHttpClientSettings(f, ctx.configDir);
  f.done();
  if (region === '') fail(f, 'outscale SD configuration requires a region');
  checkSecretPair(f, 'secret_key', secret);
  if (accessKey === '') fail(f, 'outscale SD configuration requires an access_key');
  const http = validateHttpClientConfig(f, settings);
  return {
    kind: 'outscale', implemented: false, region, endpoint: endpoint || `https://api.${region}.outscale.com/api/v1`, accessKey,
    secretKey: secret.value, secretKeyFile: secret.file, port, refreshIntervalMs, http,
  };
}
