/** `azure_sd_configs`: targets from Azure virtual machines and scale sets. */
import { quoteGoString } from '../../model/goString.js';
import type { Fields } from '../decode.js';
import { readHttpClientSettings, validateHttpClientConfig, type HttpClientConfig } from '../httpClientConfig.js';
import { durationOr, fail, intOr, stringOr, MINUTE, type DiscoveryConfig, type SdContext } from './sdSection.js';

export type AzureAuthenticationMethod = 'OAuth' | 'ManagedIdentity' | 'SDK' | 'WorkloadIdentity';
const METHODS: readonly string[] = ['OAuth', 'ManagedIdentity', 'SDK', 'WorkloadIdentity'];

export interface AzureDiscoveryConfig extends DiscoveryConfig {
  readonly kind: 'azure';
  readonly environment: string;
  readonly authenticationMethod: AzureAuthenticationMethod;
  readonly subscriptionId: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly resourceGroup: string;
  readonly refreshIntervalMs: number;
  readonly port: number;
  readonly http: HttpClientConfig;
}

/** Decodes one `azure_sd_configs` entry. */
export function decodeAzureSdConfig(f: Fields, ctx: SdContext): AzureDiscoveryConfig {
  const environment = stringOr(f, 'environment', 'AzurePublicCloud');
  const authenticationMethod = stringOr(f, 'authentication_method', 'OAuth');
  const subscriptionId = stringOr(f, 'subscription_id');
  const tenantId = stringOr(f, 'tenant_id');
  const clientId = stringOr(f, 'client_id');
  const clientSecret = stringOr(f, 'client_secret');
  const resourceGroup = stringOr(f, 'resource_group');
  const refreshIntervalMs = durationOr(f, 'refresh_interval', 5 * MINUTE);
  const port = intOr(f, 'port', 80);
  const settings = readHttpClientSettings(f, ctx.configDir);
  f.done();
  const require = (value: string, name: string): void => {
    if (value === '') fail(f, `azure SD configuration requires a ${name}`);
  };
  require(subscriptionId, 'subscription_id');
  // Only the OAuth method carries its own credentials; the others take them from the environment.
  if (authenticationMethod === 'OAuth') {
    require(tenantId, 'tenant_id');
    require(clientId, 'client_id');
    require(clientSecret, 'client_secret');
  }
  if (!METHODS.includes(authenticationMethod)) {
    fail(f, `unknown authentication_type ${quoteGoString(authenticationMethod)}. Supported types are "OAuth", "ManagedIdentity", "SDK" or "WorkloadIdentity"`);
  }
  const http = validateHttpClientConfig(f, settings);
  return {
    kind: 'azure', implemented: false, environment, authenticationMethod: authenticationMethod as AzureAuthenticationMethod,
    subscriptionId, tenantId, clientId, clientSecret, resourceGroup, refreshIntervalMs, port, http,
  };
}
