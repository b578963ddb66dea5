/** `serverset_sd_configs` (Twitter serversets) and `nerve_sd_configs` (AirBnB Nerve): targets registered in ZooKeeper. */
import type { Fields } from '../decode.js';
import { durationOr, fail, SECOND, type DiscoveryConfig, type SdContext } from './sdSection.js';

export interface ZookeeperDiscoveryConfig extends DiscoveryConfig {
  readonly kind: 'serverset' | 'nerve';
  readonly servers: readonly string[];
  /** ZooKeeper paths to watch; each starts with `/`. */
  readonly paths: readonly string[];
  readonly timeoutMs: number;
}

/** Returns the decoder of one `serverset_sd_configs` or `nerve_sd_configs` entry. */
export function zookeeperSdDecoder(kind: 'serverset' | 'nerve'): (f: Fields, ctx: SdContext) => ZookeeperDiscoveryConfig {
  return (f) => {
    const servers = f.stringList('servers') ?? [];
    const paths = f.stringList('paths') ?? [];
    const timeoutMs = durationOr(f, 'timeout', 10 * SECOND);
    f.done();
    if (servers.length === 0) fail(f, `${kind} SD config must contain at least one Zookeeper server`);
    if (paths.length === 0) fail(f, `${kind} SD config must contain at least one path`);
    for (const path of paths) {
      if (!path.startsWith('/')) fail(f, `${kind} SD config paths must begin with '/': ${path}`);
    }
    return { kind, implemented: false, servers, paths, timeoutMs };
  };
}
