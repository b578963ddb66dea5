/**
 * Strict decoding of the target group lists that file_sd files and http_sd responses carry:
 * `[{"targets": ["host:port", ...], "labels": {"name": "value"}}, ...]`, as Prometheus's
 * targetgroup.Group decodes them. Unknown fields are rejected in both JSON and YAML, targets must
 * be strings, label names must be valid, and a null list item is an error ("nil target group
 * item found"), so that a half-written or mistyped file never silently drops targets.
 */
import { isSeq, type Node } from 'yaml';
import { Fields, describeNode, isNull, parseYamlSource } from '../../config/decode.js';
import { decodeLabelSet } from '../../config/discovery/labelSet.js';
import { quoteGoString } from '../../model/goString.js';
import { isValidLabelName, type LabelSet } from '../../model/labels.js';

/** A decoded group before its provider gives it a source and meta labels. */
export interface DecodedGroup {
  readonly targets: readonly LabelSet[];
  readonly labels: LabelSet;
}

/** Go's name for the anonymous struct a group is decoded into, for unknown-field messages. */
const GROUP_TYPE = 'struct { Targets []string "yaml:\\"targets\\""; Labels model.LabelSet "yaml:\\"labels\\"" }';

const NIL_GROUP = 'nil target group item found';

/** Decodes a YAML document holding a list of target groups (yaml.UnmarshalStrict); errors name file and line. */
export function decodeTargetGroupsYaml(text: string, file: string): DecodedGroup[] {
  const { root, source } = parseYamlSource(text, file);
  const top = new Fields(null, '[]*targetgroup.Group', source);
  if (isNull(root)) return [];
  if (!isSeq(root)) throw top.error(root, `cannot unmarshal ${describeNode(root!)} into []*targetgroup.Group`);
  return (root.items as Array<Node | null>).map((item) => {
    if (isNull(item)) throw top.error(item ?? root, NIL_GROUP);
    const f = new Fields(item, GROUP_TYPE, source);
    const targets = (f.stringList('targets') ?? []).map((address) => ({ __address__: address }));
    const labels = decodeLabelSet(f, 'labels') ?? {};
    f.done();
    return { targets, labels };
  });
}

/** Decodes a JSON list of target groups like Go's json package with unknown fields disallowed. */
export function decodeTargetGroupsJson(text: string): DecodedGroup[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(jsonSyntaxMessage(text, (e as Error).message));
  }
  if (value === null) return [];
  if (!Array.isArray(value)) throw new Error(`json: cannot unmarshal ${jsonKind(value)} into Go value of type []*targetgroup.Group`);
  return value.map((item: unknown, index) => {
    try {
      return decodeJsonGroup(item);
    } catch (e) {
      // Go's messages do not say which group; a file with hundreds of groups needs that.
      throw new Error(`target group ${index}: ${(e as Error).message}`);
    }
  });
}

function decodeJsonGroup(item: unknown): DecodedGroup {
  if (item === null) throw new Error(NIL_GROUP);
  if (typeof item !== 'object' || Array.isArray(item)) {
    throw new Error(`json: cannot unmarshal ${jsonKind(item)} into Go value of type targetgroup.Group`);
  }
  let targets: LabelSet[] = [];
  let labels: LabelSet = {};
  for (const [key, value] of Object.entries(item as Record<string, unknown>)) {
    // Go matches JSON keys to struct fields case-insensitively.
    switch (key.toLowerCase()) {
      case 'targets':
        targets = decodeJsonTargets(value);
        break;
      case 'labels':
        labels = decodeJsonLabels(value);
        break;
      default:
        throw new Error(`json: unknown field ${JSON.stringify(key)}`);
    }
  }
  return { targets, labels };
}

function decodeJsonTargets(value: unknown): LabelSet[] {
  if (value === null) return [];
  if (!Array.isArray(value)) throw new Error(`json: cannot unmarshal ${jsonKind(value)} into Go struct field .targets of type []string`);
  return value.map((t: unknown) => {
    // A JSON null leaves Go's string at its zero value.
    if (t === null) return { __address__: '' };
    if (typeof t !== 'string') throw new Error(`json: cannot unmarshal ${jsonKind(t)} into Go struct field .targets of type string`);
    return { __address__: t };
  });
}

function decodeJsonLabels(value: unknown): LabelSet {
  if (value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`json: cannot unmarshal ${jsonKind(value)} into Go struct field .labels of type model.LabelSet`);
  }
  const entries = Object.entries(value as Record<string, unknown>).map(([name, v]): [string, string] => {
    if (v !== null && typeof v !== 'string') throw new Error(`json: cannot unmarshal ${jsonKind(v)} into Go value of type model.LabelValue`);
    if (!isValidLabelName(name)) throw new Error(`${quoteGoString(name)} is not a valid label name`);
    return [name, v ?? ''];
  });
  // fromEntries defines own properties, so a label named __proto__ stays a label.
  return Object.fromEntries(entries);
}

/** Go's json names for JS value kinds in "cannot unmarshal X" messages. */
function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'bool';
    default:
      return 'object';
  }
}

/** A JSON syntax error with its line and column, which Node's message lacks. */
function jsonSyntaxMessage(text: string, message: string): string {
  const at = /position (\d+)/.exec(message);
  if (at === null) return message;
  const offset = Number(at[1]);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `line ${line} column ${column}: ${message}`;
}
