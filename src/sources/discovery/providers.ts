/** Maps a discovery config to the provider stream that implements it. */
import { of, type Observable } from 'rxjs';
import type {
  DiscoveryConfig, DnsDiscoveryConfig, FileDiscoveryConfig, HttpDiscoveryConfig, StaticDiscoveryConfig,
} from '../../config/discovery/index.js';
import type { TargetGroup } from '../../model/targetGroup.js';
import type { ProviderDeps } from './discoveryDeps.js';
import { dnsDiscovery } from './dnsDiscovery.js';
import { fileDiscovery } from './fileDiscovery.js';
import { httpDiscovery } from './httpDiscovery.js';
import { staticDiscovery } from './staticDiscovery.js';

/** The provider for one discovery config; kinds not implemented yet discover nothing. */
export function providerFor(config: DiscoveryConfig, deps: ProviderDeps): Observable<readonly TargetGroup[]> {
  switch (config.kind) {
    case 'static':
      return staticDiscovery(config as StaticDiscoveryConfig);
    case 'file':
      return fileDiscovery(config as FileDiscoveryConfig, deps);
    case 'http':
      return httpDiscovery(config as HttpDiscoveryConfig, deps);
    case 'dns':
      return dnsDiscovery(config as DnsDiscoveryConfig, deps);
    default:
      // Reported once per load by the server, and counted in prometheus_sd_failed_configs.
      return of([]);
  }
}
