/**
 * `oci_sd_configs`: targets from Oracle Cloud Infrastructure compute instances (new in Prometheus
 * 3.14). Only the authentication-method rule is pinned by upstream fixtures; the other checks
 * here are the minimum the mechanism needs.
 */
import { quoteGoString } from '../../model/goString.js';
import type { Fields } from '../decode.js';
import { durationOr, fail, intOr, pathField, stringOr, MINUTE, type DiscoveryConfig, type SdContext } from './sdSection.js';

export interface OciDiscoveryConfig extends DiscoveryConfig {
  readonly kind: 'oci';
  /** `api_key` (tenancy/user/fingerprint/key) or `instance_principal`. */
  readonly auth: 'api_key' | 'instance_principal';
  readonly region: string;
  readonly tenancy: string;
  readonly user: string;
  readonly fingerprint: string;
  readonly keyFile: string;
  readonly keyPassphrase: string;
  readonly compartments: readonly string[];
  readonly port: number;
  readonly refreshIntervalMs: number;
}

/** Decodes one `oci_sd_configs` entry. */
export function decodeOciSdConfig(f: Fields, ctx: SdContext): OciDiscoveryConfig {
  const auth = stringOr(f, 'auth', 'api_key');
  const region = stringOr(f, 'region');
  const tenancy = stringOr(f, 'tenancy');
  const user = stringOr(f, 'user');
  const fingerprint = stringOr(f, 'fingerprint');
  const keyFile = pathField(f, 'key_file', ctx);
  const keyPassphrase = stringOr(f, 'key_passphrase');
  const compartments = f.stringList('compartments') ?? [];
  const port = intOr(f, 'port', 80);
  const refreshIntervalMs = durationOr(f, 'refresh_interval', MINUTE);
  f.done();
  if (auth !== 'api_key' && auth !== 'instance_principal') {
    fail(f, `oci_sd: unknown auth method ${quoteGoString(auth)}, expected "api_key" or "instance_principal"`);
  }
  if (region === '') fail(f, 'oci_sd: region is required');
  return {
    kind: 'oci', implemented: false, auth, region, tenancy, user, fingerprint, keyFile, keyPassphrase, compartments, port,
    refreshIntervalMs,
  };
}
