/**
 * Decoding of YAML label sets (`labels:` of a static target group) with the checks of Prometheus's
 * model.LabelSet: names must be valid under the UTF-8 scheme (non-empty, valid UTF-8), values are
 * taken as written. `!!binary` keys may hold bytes that are not UTF-8; they arrive as Go-style
 * strings (src/model/goString.ts) and are reported in Go's quoting (`"\xff" is not a valid label name`).
 */
import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import { describeNode, isNull, type Fields } from '../decode.js';
import { isValidLabelName } from '../../model/labels.js';
import { quoteGoString } from '../../model/goString.js';

/** Reads a `map[LabelName]LabelValue` field; undefined when absent or null. */
export function decodeLabelSet(fields: Fields, key: string): Record<string, string> | undefined {
  const node = fields.node_(key);
  if (isNull(node)) return undefined;
  if (!isMap(node!)) throw fields.error(node, `cannot unmarshal ${describeNode(node!)} into model.LabelSet`);
  const labels: Record<string, string> = {};
  for (const pair of (node as YAMLMap<Node, Node | null>).items) {
    const keyNode = pair.key as Node;
    if (!isScalar(keyNode)) throw fields.error(keyNode, `cannot unmarshal ${describeNode(keyNode)} into model.LabelName`);
    const name = fields.text(keyNode);
    if (!isValidLabelName(name)) throw fields.error(keyNode, `${quoteGoString(name)} is not a valid label name`);
    if (Object.prototype.hasOwnProperty.call(labels, name)) throw fields.error(keyNode, `key ${quoteGoString(name)} already set in map`);
    const valueNode = pair.value;
    if (valueNode != null && !isScalar(valueNode)) {
      throw fields.error(valueNode, `cannot unmarshal ${describeNode(valueNode)} into model.LabelValue`);
    }
    labels[name] = valueNode == null || isNull(valueNode) ? '' : fields.text(valueNode);
  }
  return labels;
}
