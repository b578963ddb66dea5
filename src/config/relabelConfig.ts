/**
 * relabel_configs entries: decoded with Prometheus's defaults (action replace, separator `;`,
 * regex `(.*)`, replacement `$1`) and checked with its per-action rules and messages. Decoding
 * and validation are separate steps because validation depends on the scrape config's name
 * validation scheme, which is only known once the global section has been applied.
 */
import type { Node } from 'yaml';
import { Fields, isNull, type ConfigError } from './decode.js';
import { quoteGoString } from '../model/goString.js';
import { compileAnchoredRe2WithGroups, RegexSyntaxError } from '../model/re2.js';
import type { RelabelAction, RelabelRule } from '../model/relabel.js';
import { isValidLabelNameFor, type NameValidationScheme } from './nameValidation.js';

/** A validated relabel rule, with the regex as the user wrote it. */
export interface RelabelConfig extends RelabelRule {
  readonly regexSource: string;
}

/** A decoded, not yet validated rule. */
export interface RelabelDraft {
  readonly action: RelabelAction | '';
  /** null when source_labels was not given (labeldrop/labelkeep tell the two apart). */
  readonly sourceLabels: readonly string[] | null;
  readonly separator: string;
  readonly regexSource: string;
  /** Whether a regex was written at all: keepequal/dropequal reject even `(.*)` spelled out. */
  readonly regexSet: boolean;
  readonly regex: RegExp;
  readonly groupNames: readonly string[];
  readonly modulus: bigint;
  readonly targetLabel: string;
  readonly replacement: string;
  readonly error: (message: string) => ConfigError;
}

const ACTIONS: readonly RelabelAction[] = [
  'replace', 'keep', 'drop', 'keepequal', 'dropequal', 'hashmod', 'labelmap', 'labeldrop', 'labelkeep', 'lowercase', 'uppercase',
];
const DEFAULT_SEPARATOR = ';';
const DEFAULT_REGEX = '(.*)';
const DEFAULT_REPLACEMENT = '$1';
const NEEDS_TARGET = new Set<string>(['replace', 'hashmod', 'lowercase', 'uppercase', 'keepequal', 'dropequal']);
const CASE_OR_EQUAL = new Set<string>(['lowercase', 'uppercase', 'keepequal', 'dropequal']);
// Legacy-scheme targets may still use `$1` / `${name}` placeholders (relabelTargetLegacy, written
// without its nested quantifiers so it cannot backtrack exponentially).
const LEGACY_TARGET = /^(?:[a-zA-Z_]|\$\{\w+\}|\$\w)(?:\w|\$\{\w+\}|\$\w)*$/;

/** Decodes the relabel rules of a list field; a null entry fails with `nullMessage`. */
export function decodeRelabelList(fields: Fields, key: string, nullMessage: string): RelabelDraft[] {
  return (fields.list(key) ?? []).map((item) => {
    if (isNull(item)) throw fields.error(item, nullMessage);
    return decodeRelabelConfig(item, fields);
  });
}

/** Decodes one rule; regex syntax and unknown actions fail here, as in Prometheus's unmarshalling. */
export function decodeRelabelConfig(node: Node, parent: Fields): RelabelDraft {
  const f = new Fields(node, 'relabel.plain', parent.source);
  // Absent or null leaves Go's slice nil; an explicit list, even empty, does not.
  const sourceLabels = f.stringList('source_labels') ?? null;
  for (const name of sourceLabels ?? []) {
    if (!isValidLabelNameFor('utf8', name)) throw f.error(f.node_('source_labels'), `${quoteGoString(name)} is not a valid label name`);
  }
  const actionText = f.stringOr('action', 'replace');
  const action = actionText.toLowerCase();
  if (action !== '' && !(ACTIONS as readonly string[]).includes(action)) throw f.error(f.node_('action'), `unknown relabel action ${quoteGoString(actionText)}`);
  const regexSet = f.has('regex');
  // An explicit null regex is Go's zero Regexp, which Prometheus replaces with the empty pattern.
  const regexSource = regexSet ? (f.string('regex') ?? '') : DEFAULT_REGEX;
  let compiled: { regexp: RegExp; groupNames: readonly string[] };
  try {
    compiled = compileAnchoredRe2WithGroups(regexSource);
  } catch (e) {
    if (e instanceof RegexSyntaxError) throw f.error(f.node_('regex'), e.message);
    throw e;
  }
  const draft: RelabelDraft = {
    action: action as RelabelAction | '',
    sourceLabels,
    separator: f.stringOr('separator', DEFAULT_SEPARATOR),
    regexSource,
    regexSet,
    regex: compiled.regexp,
    groupNames: compiled.groupNames,
    modulus: decodeModulus(f),
    targetLabel: f.stringOr('target_label', ''),
    replacement: f.stringOr('replacement', DEFAULT_REPLACEMENT),
    error: (message) => f.error(node, message),
  };
  f.done();
  return draft;
}

function decodeModulus(f: Fields): bigint {
  const text = f.string('modulus');
  if (text === undefined) return 0n;
  if (!/^\+?[0-9]+$/.test(text) || BigInt(text) > 0xffffffffffffffffn) {
    throw f.error(f.node_('modulus'), `cannot unmarshal !!str \`${text}\` into uint64`);
  }
  return BigInt(text);
}

/** Checks a rule with Prometheus's per-action rules under a name validation scheme. */
export function validateRelabelConfig(d: RelabelDraft, scheme: NameValidationScheme): RelabelConfig {
  const { action, targetLabel: target } = d;
  if (action === '') throw d.error('relabel action cannot be empty');
  if (action === 'hashmod' && d.modulus === 0n) throw d.error('relabel configuration for hashmod requires non-zero modulus');
  if (NEEDS_TARGET.has(action) && target === '') throw d.error(`relabel configuration for ${action} action requires 'target_label' value`);
  const invalidTarget = (): ConfigError => d.error(`${quoteGoString(target)} is invalid 'target_label' for ${action} action`);
  const validWithPlaceholders = (name: string): boolean => (scheme === 'legacy' ? LEGACY_TARGET.test(name) : isValidLabelNameFor('utf8', name));
  if (action === 'replace' && !target.includes('$') && !isValidLabelNameFor(scheme, target)) throw invalidTarget();
  if (action === 'replace' && target.includes('$') && !validWithPlaceholders(target)) throw invalidTarget();
  if (CASE_OR_EQUAL.has(action) && !isValidLabelNameFor(scheme, target)) throw invalidTarget();
  if (CASE_OR_EQUAL.has(action) && d.replacement !== DEFAULT_REPLACEMENT) throw d.error(`'replacement' can not be set for ${action} action`);
  if (action === 'labelmap' && !validWithPlaceholders(d.replacement)) {
    throw d.error(`${quoteGoString(d.replacement)} is invalid 'replacement' for ${action} action`);
  }
  if (action === 'hashmod' && !isValidLabelNameFor(scheme, target)) throw invalidTarget();
  if (action === 'keepequal' || action === 'dropequal') {
    if (d.regexSet || d.modulus !== 0n || d.separator !== DEFAULT_SEPARATOR || d.replacement !== DEFAULT_REPLACEMENT) {
      throw d.error(`${action} action requires only 'source_labels' and \`target_label\`, and no other fields`);
    }
  }
  if (action === 'labeldrop' || action === 'labelkeep') {
    if (d.sourceLabels !== null || target !== '' || d.modulus !== 0n || d.separator !== DEFAULT_SEPARATOR || d.replacement !== DEFAULT_REPLACEMENT) {
      throw d.error(`${action} action requires only 'regex', and no other fields`);
    }
  }
  return {
    action,
    sourceLabels: d.sourceLabels ?? [],
    separator: d.separator,
    regex: d.regex,
    groupNames: d.groupNames,
    modulus: d.modulus,
    targetLabel: target,
    replacement: d.replacement,
    nameValidation: scheme,
    regexSource: d.regexSource,
  };
}

/** Validates a list of drafts under one scheme. */
export function validateRelabelConfigs(drafts: readonly RelabelDraft[], scheme: NameValidationScheme): RelabelConfig[] {
  return drafts.map((d) => validateRelabelConfig(d, scheme));
}
