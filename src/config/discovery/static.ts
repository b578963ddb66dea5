/**
 * `static_configs`: target groups written in the config. Also the check Prometheus applies to
 * their addresses: a target written as a URL (`http://host`) is a common mistake, rejected unless
 * relabelling could still rewrite `__address__`.
 */
import { isScalar, type Node } from 'yaml';
import { Fields, describeNode, isNull } from '../decode.js';
import { quoteGoString } from '../../model/goString.js';
import type { LabelSet } from '../../model/labels.js';
import type { TargetGroup } from '../../model/targetGroup.js';
import { decodeLabelSet } from './labelSet.js';
import type { DiscoveryConfig } from './sdSection.js';

export interface StaticDiscoveryConfig extends DiscoveryConfig {
  readonly kind: 'static';
  readonly implemented: true;
  /** One group per list entry; each group's source is its index (`"0"`, `"1"`, ...). */
  readonly groups: readonly TargetGroup[];
}

/** Go-yaml's name for the anonymous struct Prometheus decodes a static group into. */
const GROUP_TYPE = 'struct { Targets []string "yaml:\\"targets\\""; Labels model.LabelSet "yaml:\\"labels\\"" }';

/** Why an address cannot be scraped as written, or undefined; Prometheus only rejects URLs for now. */
export function checkTargetAddress(address: string): string | undefined {
  return address.includes('/') ? `${quoteGoString(address)} is not a valid hostname` : undefined;
}

/** The first static target whose address is a URL, as Prometheus's message; undefined when all are fine. */
export function checkStaticTargets(configs: readonly DiscoveryConfig[]): string | undefined {
  for (const config of configs) {
    if (config.kind !== 'static') continue;
    for (const group of (config as StaticDiscoveryConfig).groups) {
      for (const target of group.targets) {
        const problem = checkTargetAddress(target['__address__'] ?? '');
        if (problem !== undefined) return problem;
      }
    }
  }
  return undefined;
}

/**
 * Decodes the `static_configs` list. With `checkAddresses`, a URL-like target is an error located
 * at its line (Prometheus checks this when the job has no relabel_configs).
 */
export function decodeStaticConfigs(fields: Fields, checkAddresses: boolean): StaticDiscoveryConfig | undefined {
  const items = fields.list('static_configs');
  if (items === undefined) return undefined;
  const groups = items.map((item, index): TargetGroup => {
    if (isNull(item)) throw fields.error(item ?? fields.node, 'empty or null section in static_configs');
    const f = new Fields(item, GROUP_TYPE, fields.source);
    const targets: LabelSet[] = [];
    for (const t of f.list('targets') ?? []) {
      const address = targetText(f, t);
      if (checkAddresses) {
        const problem = checkTargetAddress(address);
        if (problem !== undefined) throw f.error(t, problem);
      }
      targets.push({ __address__: address });
    }
    const labels = decodeLabelSet(f, 'labels') ?? {};
    f.done();
    return { source: String(index), targets, labels };
  });
  return { kind: 'static', implemented: true, groups };
}

function targetText(f: Fields, node: Node): string {
  if (isNull(node)) return '';
  if (!isScalar(node)) throw f.error(node, `cannot unmarshal ${describeNode(node)} into string`);
  return f.text(node);
}
