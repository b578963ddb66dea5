/** Relabel rules as Prometheus's relabel.Config marshals them, defaults included. */
import type { RelabelConfig } from '../relabelConfig.js';
import { NULL, optInt, optStr, optStrings, str, struct, type YamlNode } from './yamlNodes.js';

const DEFAULT_REGEX = '(.*)';

/**
 * One rule. `source_labels` is a flow list; the regex prints as written (`null` when empty). For
 * keepequal/dropequal the default regex is left out: Prometheus prints `regex: (.*)` there, but
 * its own loader then rejects the rule ("requires only 'source_labels' and `target_label`"), and
 * the marshalled config must load again.
 */
export function relabelNode(r: RelabelConfig): YamlNode {
  const equalAction = r.action === 'keepequal' || r.action === 'dropequal';
  let regex: YamlNode | undefined = r.regexSource === '' ? NULL : str(r.regexSource);
  if (equalAction && r.regexSource === DEFAULT_REGEX) regex = undefined;
  return struct([
    ['source_labels', optStrings(r.sourceLabels, true)],
    ['separator', optStr(r.separator)],
    ['regex', regex],
    ['modulus', optInt(r.modulus)],
    ['target_label', optStr(r.targetLabel)],
    ['replacement', optStr(r.replacement)],
    ['action', optStr(r.action)],
  ]);
}

/** An omitempty list of relabel rules. */
export function optRelabelList(rules: readonly RelabelConfig[]): YamlNode | undefined {
  return rules.length === 0 ? undefined : { kind: 'seq', items: rules.map(relabelNode), flow: false };
}
