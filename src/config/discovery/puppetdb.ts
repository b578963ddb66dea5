/** `puppetdb_sd_configs`: targets from a PuppetDB query over resources. */
import type { Fields } from '../decode.js';
import { readHttpClientSettings, validateHttpClientConfig, type HttpClientConfig } from '../httpClientConfig.js';
import { boolOr, checkHttpUrl, durationOr, fail, intOr, stringOr, MINUTE, type DiscoveryConfig, type SdContext } from './sdSection.js';

export interface PuppetDbDiscoveryConfig extends DiscoveryConfig {
  readonly kind: 'puppetdb';
  readonly url: string;
  /** A PQL query over resources. */
  readonly query: string;
  readonly includeParameters: boolean;
  readonly port: number;
  readonly refreshIntervalMs: number;
  readonly http: HttpClientConfig;
}

/** Decodes one `puppetdb_sd_configs` entry. */
export function decodePuppetDbSdConfig(f: Fields, ctx: SdContext): PuppetDbDiscoveryConfig {
  const url = stringOr(f, 'url');
  const query = stringOr(f, 'query');
  const includeParameters = boolOr(f, 'include_parameters', false);
  const port = intOr(f, 'port', 80);
  const refreshIntervalMs = durationOr(f, 'refresh_interval', MINUTE);
  const settings = readHttpClientSettings(f, ctx.configDir);
  f.done();
  checkHttpUrl(f, 'url', url);
  if (query === '') fail(f, 'query missing');
  const http = validateHttpClientConfig(f, settings);
  return { kind: 'puppetdb', implemented: false, url, query, includeParameters, port, refreshIntervalMs, http };
}
