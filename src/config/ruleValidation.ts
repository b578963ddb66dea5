/**
 * The checks of Prometheus's rulefmt (RuleGroups.Validate and Rule.Validate) on decoded rule
 * groups, with its messages and positions: `4:17: 5:16: group "yolo", rule 1, "Hello": only
 * one of 'record' and 'alert' must be set`. Positions come from the values' YAML nodes; a field
 * that is absent reports 0:0, as Prometheus does.
 */
import type { Node } from 'yaml';
import { parseExpr, type ParseOptions } from '../lang/promql/parser.js';
import { checkAlertTemplate } from '../lang/template/index.js';
import { METRIC_NAME, isLegacyMetricName, isWellFormedUnicode } from '../model/labels.js';
import { quoteGoString } from '../model/goString.js';
import { isValidLabelNameFor, type NameValidationScheme } from './nameValidation.js';
import type { V3Position, V3Struct } from './yamlV3Decode.js';

/** What validation needs besides the groups. */
export interface RuleValidationOptions {
  readonly nameValidationScheme: NameValidationScheme;
  readonly parser: ParseOptions;
  /** Where a yaml.Node field is. */
  readonly positionOf: (node: Node | null | undefined) => V3Position;
}

interface WrappedError {
  readonly message: string;
  readonly node?: V3Position;
  readonly alt?: V3Position;
}

const at = (p: V3Position): string => `${p.line}:${p.column}`;

function isValidMetricName(scheme: NameValidationScheme, name: string): boolean {
  return scheme === 'legacy' ? isLegacyMetricName(name) : name.length > 0 && isWellFormedUnicode(name);
}

const sortedKeys = (m: Readonly<Record<string, string>>): string[] => Object.keys(m).sort();

/** Validates decoded groups; `nodes` is the same document decoded with positions. Returns the error texts. */
export function validateRuleGroups(groups: readonly V3Struct[], nodes: readonly V3Struct[], options: RuleValidationOptions): string[] {
  const errors: string[] = [];
  const names = new Set<string>();
  groups.forEach((g, j) => {
    const node = nodes[j]!;
    const name = (g.fields['name'] as string | undefined) ?? '';
    // Prometheus 3 reads a group's position from a yaml.Node embedded without `,inline`, which
    // yaml.v3 never fills: group-level errors say 0:0.
    const groupAt = '0:0';
    if (name === '') errors.push(`${groupAt}: Groupname must not be empty`);
    if (names.has(name)) errors.push(`${groupAt}: groupname: "${name}" is repeated in the same file`);
    const labels = (g.fields['labels'] as Record<string, string> | undefined) ?? {};
    for (const k of sortedKeys(labels)) {
      if (!isValidLabelNameFor(options.nameValidationScheme, k) || k === METRIC_NAME) errors.push(`invalid label name: ${k}`);
      if (!isWellFormedUnicode(labels[k]!)) errors.push(`invalid label value: ${labels[k]}`);
    }
    names.add(name);
    const rules = (g.fields['rules'] as V3Struct[] | undefined) ?? [];
    const ruleNodes = (node.fields['rules'] as V3Struct[] | undefined) ?? [];
    rules.forEach((r, i) => {
      const alert = (r.fields['alert'] as string | undefined) ?? '';
      const ruleName = alert !== '' ? alert : ((r.fields['record'] as string | undefined) ?? '');
      for (const e of validateRule(r, ruleNodes[i]!, options)) {
        const where = `group ${quoteGoString(name)}, rule ${i + 1}, ${quoteGoString(ruleName)}: ${e.message}`;
        if (e.alt !== undefined) errors.push(`${at(e.node!)}: ${at(e.alt)}: ${where}`);
        else if (e.node !== undefined) errors.push(`${at(e.node)}: ${where}`);
        else errors.push(where);
      }
    });
  });
  return errors;
}

function validateRule(r: V3Struct, node: V3Struct, options: RuleValidationOptions): WrappedError[] {
  const out: WrappedError[] = [];
  const str = (k: string): string => (r.fields[k] as string | undefined) ?? '';
  const record = str('record');
  const alert = str('alert');
  const expr = str('expr');
  const pos = (k: string): V3Position => options.positionOf(node.fields[k] as Node | null | undefined);
  const scheme = options.nameValidationScheme;
  if (record !== '' && alert !== '') out.push({ message: "only one of 'record' and 'alert' must be set", node: pos('record'), alt: pos('alert') });
  if (record === '' && alert === '') out.push({ message: "one of 'record' or 'alert' must be set", node: pos('record'), alt: pos('alert') });
  if (expr === '') {
    out.push({ message: "field 'expr' must be set in rule", node: pos('expr') });
  } else {
    try {
      parseExpr(expr, options.parser);
    } catch (e) {
      out.push({ message: `could not parse expression: ${(e as Error).message}`, node: pos('expr') });
    }
  }
  if (record !== '') {
    const annotations = (r.fields['annotations'] as Record<string, string> | undefined) ?? {};
    if (Object.keys(annotations).length > 0) out.push({ message: "invalid field 'annotations' in recording rule", node: pos('record') });
    if (((r.fields['for'] as number | undefined) ?? 0) !== 0) out.push({ message: "invalid field 'for' in recording rule", node: pos('record') });
    if (((r.fields['keep_firing_for'] as number | undefined) ?? 0) !== 0) {
      out.push({ message: "invalid field 'keep_firing_for' in recording rule", node: pos('record') });
    }
    if (!isValidMetricName(scheme, record)) out.push({ message: `invalid recording rule name: ${record}`, node: pos('record') });
    // A valid UTF-8 name, but most likely a PromQL selector put in the wrong field.
    if (record.includes('{') || record.includes('}')) {
      out.push({ message: `braces present in the recording rule name; should it be in expr?: ${record}`, node: pos('record') });
    }
  }
  const labels = (r.fields['labels'] as Record<string, string> | undefined) ?? {};
  for (const k of sortedKeys(labels)) {
    if (!isValidLabelNameFor(scheme, k) || k === METRIC_NAME) out.push({ message: `invalid label name: ${k}` });
    if (!isWellFormedUnicode(labels[k]!)) out.push({ message: `invalid label value: ${labels[k]}` });
  }
  const annotations = (r.fields['annotations'] as Record<string, string> | undefined) ?? {};
  for (const k of sortedKeys(annotations)) {
    if (!isValidLabelNameFor(scheme, k)) out.push({ message: `invalid annotation name: ${k}` });
  }
  if (alert !== '') {
    // Templates are only parsed here; their functions run when the alert fires.
    for (const [kind, map] of [['label', labels], ['annotation', annotations]] as const) {
      for (const k of sortedKeys(map)) {
        const problem = checkAlertTemplate(map[k]!, alert);
        if (problem !== undefined) out.push({ message: `${kind} ${quoteGoString(k)}: ${problem}` });
      }
    }
  }
  return out;
}
