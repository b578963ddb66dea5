/** `http_sd_configs`: targets fetched as JSON target groups from an HTTP endpoint. */
import type { Fields } from '../decode.js';
import { readHttpClientSettings, validateHttpClientConfig, type HttpClientConfig } from '../httpClientConfig.js';
import { checkHttpUrl, durationOr, stringOr, MINUTE, type DiscoveryConfig, type SdContext } from './sdSection.js';

export interface HttpDiscoveryConfig extends DiscoveryConfig {
  readonly kind: 'http';
  readonly url: string;
  readonly refreshIntervalMs: number;
  readonly http: HttpClientConfig;
}

/** Decodes one `http_sd_configs` entry. */
export function decodeHttpSdConfig(f: Fields, ctx: SdContext): HttpDiscoveryConfig {
  const url = stringOr(f, 'url');
  const refreshIntervalMs = durationOr(f, 'refresh_interval', MINUTE);
  const settings = readHttpClientSettings(f, ctx.configDir);
  f.done();
  checkHttpUrl(f, 'url', url);
  return { kind: 'http', implemented: true, url, refreshIntervalMs, http: validateHttpClientConfig(f, settings) };
}
