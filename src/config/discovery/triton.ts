/** `triton_sd_configs`: targets from Joyent Triton containers or compute nodes. */
import type { Fields } from '../decode.js';
import { decodeTlsConfig, type TlsConfig } from '../httpClientConfig.js';
import { durationOr, fail, intOr, stringOr, MINUTE, type DiscoveryConfig, type SdContext } from './sdSection.js';

export interface TritonDiscoveryConfig extends DiscoveryConfig {
  readonly kind: 'triton';
  readonly account: string;
  /** `container` or `cn` (compute node). */
  readonly role: 'container' | 'cn';
  readonly dnsSuffix: string;
  readonly endpoint: string;
  readonly groups: readonly string[];
  readonly port: number;
  readonly refreshIntervalMs: number;
  readonly version: number;
  readonly tlsConfig: TlsConfig;
}

/** Decodes one `triton_sd_configs` entry. */
export function decodeTritonSdConfig(f: Fields, ctx: SdContext): TritonDiscoveryConfig {
  const account = stringOr(f, 'account');
  const role = stringOr(f, 'role', 'container');
  const dnsSuffix = stringOr(f, 'dns_suffix');
  const endpoint = stringOr(f, 'endpoint');
  const groups = f.stringList('groups') ?? [];
  const port = intOr(f, 'port', 9163);
  const refreshIntervalMs = durationOr(f, 'refresh_interval', MINUTE);
  const tlsConfig = decodeTlsConfig(f, ctx.configDir);
  const version = intOr(f, 'version', 1);
  f.done();
  if (role !== 'container' && role !== 'cn') fail(f, "triton SD configuration requires role to be 'container' or 'cn'");
  if (account === '') fail(f, 'triton SD configuration requires an account');
  if (dnsSuffix === '') fail(f, 'triton SD configuration requires a dns_suffix');
  if (endpoint === '') fail(f, 'triton SD configuration requires an endpoint');
  if (refreshIntervalMs <= 0) fail(f, 'triton SD configuration requires RefreshInterval to be a positive integer');
  return { kind: 'triton', implemented: false, account, role, dnsSuffix, endpoint, groups, port, refreshIntervalMs, version, tlsConfig };
}
