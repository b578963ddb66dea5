/** `dns_sd_configs`: targets from periodic SRV, A, AAAA, MX or NS lookups. */
import type { Fields } from '../decode.js';
import { durationOr, fail, intOr, stringOr, SECOND, type DiscoveryConfig, type SdContext } from './sdSection.js';

export type DnsRecordType = 'SRV' | 'A' | 'AAAA' | 'MX' | 'NS';

export interface DnsDiscoveryConfig extends DiscoveryConfig {
  readonly kind: 'dns';
  readonly names: readonly string[];
  readonly refreshIntervalMs: number;
  /** Upper-cased; Prometheus accepts any case. */
  readonly type: DnsRecordType;
  /** Port for the targets of non-SRV records (SRV records carry their own). */
  readonly port: number;
}

/** Decodes one `dns_sd_configs` entry. */
export function decodeDnsSdConfig(f: Fields, _ctx: SdContext): DnsDiscoveryConfig {
  const names = f.stringList('names') ?? [];
  const refreshIntervalMs = durationOr(f, 'refresh_interval', 30 * SECOND);
  const rawType = stringOr(f, 'type', 'SRV');
  const port = intOr(f, 'port', 0);
  f.done();
  if (names.length === 0) fail(f, 'DNS-SD config must contain at least one SRV record name');
  const type = rawType.toUpperCase();
  switch (type) {
    case 'SRV':
      break;
    case 'A':
    case 'AAAA':
    case 'MX':
    case 'NS':
      if (port === 0) fail(f, 'a port is required in DNS-SD configs for all record types except SRV');
      break;
    default:
      fail(f, `invalid DNS-SD records type ${rawType}`);
  }
  return { kind: 'dns', implemented: true, names, refreshIntervalMs, type: type as DnsRecordType, port };
}
