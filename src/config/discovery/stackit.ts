/** `stackit_sd_configs`: targets from STACKIT cloud servers of a project. */
import { quoteGoString } from '../../model/goString.js';
import type { Fields } from '../decode.js';
import { readHttpClientSettings, validateHttpClientConfig, type HttpClientConfig } from '../httpClientConfig.js';
import { parseGoUrl } from '../goUrl.js';
import { durationOr, fail, intOr, stringOr, MINUTE, type DiscoveryConfig, type SdContext } from './sdSection.js';

export interface StackitDiscoveryConfig extends DiscoveryConfig {
  readonly kind: 'stackit';
  readonly project: string;
  readonly region: string;
  /** Overrides the regional API endpoint when set. */
  readonly endpoint: string;
  readonly serviceAccountKey: string;
  readonly serviceAccountKeyPath: string;
  readonly privateKey: string;
  readonly privateKeyPath: string;
  readonly credentialsFilePath: string;
  readonly port: number;
  readonly refreshIntervalMs: number;
  readonly http: HttpClientConfig;
}

/** Decodes one `stackit_sd_configs` entry. */
export function decodeStackitSdConfig(f: Fields, ctx: SdContext): StackitDiscoveryConfig {
  const refreshIntervalMs = durationOr(f, 'refresh_interval', MINUTE);
  const port = intOr(f, 'port', 80);
  const region = stringOr(f, 'region', 'eu01');
  const endpoint = stringOr(f, 'endpoint');
  const project = stringOr(f, 'project');
  const serviceAccountKey = stringOr(f, 'service_account_key');
  const privateKey = stringOr(f, 'private_key');
  const serviceAccountKeyPath = stringOr(f, 'service_account_key_path');
  const privateKeyPath = stringOr(f, 'private_key_path');
  const credentialsFilePath = stringOr(f, 'credentials_file_path');
  const settings = readHttpClientSettings(f, ctx.configDir);
  f.done();
  if (endpoint === '' && region === '') fail(f, 'endpoint or region missing');
  try {
    parseGoUrl(endpoint);
  } catch (e) {
    fail(f, `invalid endpoint ${quoteGoString(endpoint)}: ${(e as Error).message}`);
  }
  const http = validateHttpClientConfig(f, settings);
  return {
    kind: 'stackit', implemented: false, project, region, endpoint, serviceAccountKey, serviceAccountKeyPath, privateKey,
    privateKeyPath, credentialsFilePath, port, refreshIntervalMs, http,
  };
}
