/** `gce_sd_configs`: targets from Google Compute Engine instances of one project and zone. */
import type { Fields } from '../decode.js';
import { durationOr, fail, intOr, stringOr, MINUTE, type DiscoveryConfig, type SdContext } from './sdSection.js';

export interface GceDiscoveryConfig extends DiscoveryConfig {
  readonly kind: 'gce';
  readonly project: string;
  readonly zone: string;
  /** Compute API filter expression. */
  readonly filter: string;
  readonly refreshIntervalMs: number;
  readonly port: number;
  readonly tagSeparator: string;
}

/** Decodes one `gce_sd_configs` entry. */
export function decodeGceSdConfig(f: Fields, _ctx: SdContext): GceDiscoveryConfig {
  const project = stringOr(f, 'project');
  const zone = stringOr(f, 'zone');
  const filter = stringOr(f, 'filter');
  const refreshIntervalMs = durationOr(f, 'refresh_interval', MINUTE);
  const port = intOr(f, 'port', 80);
  const tagSeparator = stringOr(f, 'tag_separator', ',');
  f.done();
  if (project === '') fail(f, 'GCE SD configuration requires a project');
  if (zone === '') fail(f, 'GCE SD configuration requires a zone');
  return { kind: 'gce', implemented: false, project, zone, filter, refreshIntervalMs, port, tagSeparator };
}
