/**
 * Clouds whose discovery is an API listing authenticated through the HTTP client settings
 * (a bearer token, or basic auth for Hetzner Robot): `digitalocean_sd_configs`,
 * `linode_sd_configs`, `vultr_sd_configs`, `ionos_sd_configs` and `hetzner_sd_configs`.
 */
import { quoteGoString } from '../../model/goString.js';
import type { Fields } from '../decode.js';
import { readHttpClientSettings, validateHttpClientConfig, type HttpClientConfig } from '../httpClientConfig.js';
import { durationOr, fail, intOr, stringOr, MINUTE, type DiscoveryConfig, type SdContext } from './sdSection.js';

export interface ApiTokenCloudDiscoveryConfig extends DiscoveryConfig {
  readonly kind: 'digitalocean' | 'linode' | 'vultr' | 'ionos' | 'hetzner';
  readonly port: number;
  readonly refreshIntervalMs: number;
  readonly http: HttpClientConfig;
  /** Linode: separator joining tags into one label. */
  readonly tagSeparator?: string;
  /** Linode: restrict to one region ('' for all). */
  readonly region?: string;
  /** IONOS: the data center to list servers of. */
  readonly datacenterId?: string;
  /** Hetzner: which API to list, Cloud (`hcloud`) or Robot (`robot`). */
  readonly role?: 'hcloud' | 'robot';
  /** Hetzner Cloud: server label selector. */
  readonly labelSelector?: string;
}

type Kind = ApiTokenCloudDiscoveryConfig['kind'];
type Extras = Omit<ApiTokenCloudDiscoveryConfig, 'kind' | 'implemented' | 'port' | 'refreshIntervalMs' | 'http'>;

/** Reads the fields one cloud adds to port/refresh/HTTP; validation runs after `done()`. */
const EXTRAS: Readonly<Record<Kind, (f: Fields) => { extras: Extras; validate: () => void }>> = {
  digitalocean: () => ({ extras: {}, validate: () => undefined }),
  vultr: () => ({ extras: {}, validate: () => undefined }),
  linode: (f) => ({ extras: { tagSeparator: stringOr(f, 'tag_separator', ','), region: stringOr(f, 'region') }, validate: () => undefined }),
  ionos: (f) => {
    const datacenterId = stringOr(f, 'datacenter_id');
    return {
      extras: { datacenterId },
      validate: () => {
        if (datacenterId === '') fail(f, "datacenter id can't be empty");
      },
    };
  },
  hetzner: (f) => {
    const role = stringOr(f, 'role');
    if (role !== '' && role !== 'hcloud' && role !== 'robot') throw f.error(f.node_('role'), `unknown role ${quoteGoString(role)}`);
    const labelSelector = stringOr(f, 'label_selector');
    return {
      extras: { role: role === '' ? undefined : role, labelSelector },
      validate: () => {
        if (role === '') fail(f, 'role missing (one of: robot, hcloud)');
      },
    };
  },
};

/** Returns the decoder of one entry of these clouds' `*_sd_configs`. */
export function apiTokenCloudSdDecoder(kind: Kind): (f: Fields, ctx: SdContext) => ApiTokenCloudDiscoveryConfig {
  return (f, ctx) => {
    const { extras, validate } = EXTRAS[kind](f);
    const port = intOr(f, 'port', 80);
    const refreshIntervalMs = durationOr(f, 'refresh_interval', MINUTE);
    const settings = readHttpClientSettings(f, ctx.configDir);
    f.done();
    validate();
    return { kind, implemented: false, port, refreshIntervalMs, ...extras, http: validateHttpClientConfig(f, settings) };
  };
}
