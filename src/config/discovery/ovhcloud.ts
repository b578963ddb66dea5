/** `ovhcloud_sd_configs`: targets from OVHcloud VPS or dedicated servers. */
import type { Fields } from '../decode.js';
import { durationOr, fail, stringOr, MINUTE, type DiscoveryConfig, type SdContext } from './sdSection.js';

export interface OvhcloudDiscoveryConfig extends DiscoveryConfig {
  readonly kind: 'ovhcloud';
  /** API endpoint name (`ovh-eu`, `ovh-ca`, ...) or URL. */
  readonly endpoint: string;
  readonly applicationKey: string;
  readonly applicationSecret: string;
  readonly consumerKey: string;
  readonly service: 'vps' | 'dedicated_server';
  readonly refreshIntervalMs: number;
}

/** Decodes one `ovhcloud_sd_configs` entry. */
export function decodeOvhcloudSdConfig(f: Fields, _ctx: SdContext): OvhcloudDiscoveryConfig {
  const endpoint = stringOr(f, 'endpoint', 'ovh-eu');
  const applicationKey = stringOr(f, 'application_key');
  const applicationSecret = stringOr(f, 'application_secret');
  const consumerKey = stringOr(f, 'consumer_key');
  const refreshIntervalMs = durationOr(f, 'refresh_interval', MINUTE);
  const service = stringOr(f, 'service');
  f.done();
  if (endpoint === '') fail(f, 'endpoint can not be empty');
  if (applicationKey === '') fail(f, 'application key can not be empty');
  if (applicationSecret === '') fail(f, 'application secret can not be empty');
  if (consumerKey === '') fail(f, 'consumer key can not be empty');
  if (service !== 'vps' && service !== 'dedicated_server') fail(f, `unknown service: ${service}`);
  return { kind: 'ovhcloud', implemented: false, endpoint, applicationKey, applicationSecret, consumerKey, service, refreshIntervalMs };
}
