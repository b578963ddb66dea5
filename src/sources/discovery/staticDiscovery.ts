/** The static_configs provider: its target groups, once. */
import { of, type Observable } from 'rxjs';
import type { StaticDiscoveryConfig } from '../../config/discovery/index.js';
import type { TargetGroup } from '../../model/targetGroup.js';

/** Emits the configured groups once; static targets never change until a reload. */
export function staticDiscovery(config: StaticDiscoveryConfig): Observable<readonly TargetGroup[]> {
  return of(config.groups);
}
