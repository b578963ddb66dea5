/** `marathon_sd_configs`: targets from Marathon apps' tasks. */
import type { Fields } from '../decode.js';
import { readHttpClientSettings, validateHttpClientConfig, type HttpClientConfig } from '../httpClientConfig.js';
import { durationOr, fail, pathField, stringOr, SECOND, type DiscoveryConfig, type SdContext } from './sdSection.js';

export interface MarathonDiscoveryConfig extends DiscoveryConfig {
  readonly kind: 'marathon';
  readonly servers: readonly string[];
  readonly refreshIntervalMs: number;
  /** DC/OS token, sent as `Authorization: token=...`. */
  readonly authToken: string;
  readonly authTokenFile: string;
  readonly http: HttpClientConfig;
}

/** Decodes one `marathon_sd_configs` entry. */
export function decodeMarathonSdConfig(f: Fields, ctx: SdContext): MarathonDiscoveryConfig {
  const servers = f.stringList('servers') ?? [];
  const refreshIntervalMs = durationOr(f, 'refresh_interval', 30 * SECOND);
  const authToken = stringOr(f, 'auth_token');
  const authTokenFile = pathField(f, 'auth_token_file', ctx);
  const settings = readHttpClientSettings(f, ctx.configDir);
  f.done();
  if (servers.length === 0) fail(f, 'marathon_sd: must contain at least one Marathon server');
  if (authToken !== '' && authTokenFile !== '') fail(f, 'marathon_sd: at most one of auth_token & auth_token_file must be configured');
  // These checks look at the settings as written, before bearer_token is folded into authorization.
  if (authToken !== '' || authTokenFile !== '') {
    if (settings.basicAuth !== undefined) fail(f, 'marathon_sd: at most one of basic_auth, auth_token & auth_token_file must be configured');
    if (settings.bearerToken !== '' || settings.bearerTokenFile !== '') {
      fail(f, 'marathon_sd: at most one of bearer_token, bearer_token_file, auth_token & auth_token_file must be configured');
    }
    if (settings.authorization !== undefined) fail(f, 'marathon_sd: at most one of auth_token, auth_token_file & authorization must be configured');
  }
  const http = validateHttpClientConfig(f, settings);
  return { kind: 'marathon', implemented: false, servers, refreshIntervalMs, authToken, authTokenFile, http };
}
