/** Maps a discovery config to the provider stream that implements it. */
import { of, type Observable } from 'rxjs';
import type { DiscoveryConfig, StaticDiscoveryConfig } from '../../config/discovery/index.js';
import type { TargetGroup } from '../../model/targetGroup.js';
import { staticDiscovery } from './staticDiscovery.js';

/** The provider for one discovery config; kinds not implemented yet discover nothing. */
export function discoveryProvider(config: DiscoveryConfig): Observable<readonly TargetGroup[]> {
  switch (config.kind) {
    case 'static':
      return staticDiscovery(config as StaticDiscoveryConfig);
    default:
      // The server logs at load time which configured kinds are not active yet.
      return of([]);
  }
}
