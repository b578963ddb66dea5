/**
 * Rule files (`rule_files` in prometheus.yml) read as Prometheus's rulefmt reads them: YAML
 * decoded twice like rulefmt.Parse does (strictly into the rule types, then loosely for the
 * positions of `record`, `alert` and `expr`), then validated. Every error names the file, the
 * groups come out typed with their parsed expressions, ready for a rule manager.
 */
import { readFile } from 'node:fs/promises';
import { LineCounter, parseAllDocuments } from 'yaml';
import type { Expr } from '../lang/promql/ast.js';
import { parseExpr, type ParseOptions } from '../lang/promql/parser.js';
import { globFiles } from './glob.js';
import { goFsErrorText } from './goFsError.js';
import type { NameValidationScheme } from './nameValidation.js';
import { validateRuleGroups } from './ruleValidation.js';
import { readUtf8 } from './utf8File.js';
import { V3Decoder, V3FatalError, V3TypeError, type V3Schema, type V3Struct } from './yamlV3Decode.js';

/** What recording and alerting rules share. */
interface RuleBase {
  /** The expression as written in the file. */
  readonly expr: string;
  /** The parsed expression. */
  readonly ast: Expr;
  /** The rule's labels over the group's labels (rule labels win), as Prometheus applies them. */
  readonly labels: Readonly<Record<string, string>>;
}

/** A recording rule (`record`). */
export interface RecordingRuleDefinition extends RuleBase {
  readonly kind: 'recording';
  /** The metric name it records. */
  readonly name: string;
}

/** An alerting rule (`alert`). */
export interface AlertingRuleDefinition extends RuleBase {
  readonly kind: 'alerting';
  /** The alert name. */
  readonly name: string;
  /** `for`, in ms (0: fire at once). */
  readonly for: number;
  /** `keep_firing_for`, in ms. */
  readonly keepFiringFor: number;
  /** Annotation templates, unexpanded. */
  readonly annotations: Readonly<Record<string, string>>;
}

/** One rule of a group. */
export type RuleDefinition = RecordingRuleDefinition | AlertingRuleDefinition;

/** A rule group as written in a rule file. */
export interface RuleGroupDefinition {
  /** The file it comes from (as given); with `name`, the group's identity across reloads. */
  readonly file: string;
  readonly name: string;
  /** `interval` in ms; undefined means the global evaluation_interval. */
  readonly interval: number | undefined;
  /** `query_offset` in ms; undefined means the global rule_query_offset. */
  readonly queryOffset: number | undefined;
  /** `limit`: 0 is no limit. */
  readonly limit: number;
  /** The group's own `labels` (already merged into each rule's labels). */
  readonly labels: Readonly<Record<string, string>>;
  readonly rules: readonly RuleDefinition[];
}

/** A loaded rule file. */
export interface RuleFile {
  readonly file: string;
  readonly groups: readonly RuleGroupDefinition[];
  /** Things worth logging that do not stop loading (a second YAML document). */
  readonly warnings: readonly string[];
}

/** How rule files are read. */
export interface RuleFileOptions {
  /** promtool's --ignore-unknown-fields. */
  readonly ignoreUnknownFields?: boolean;
  /** Metric and label name validation (Prometheus 3 default: utf8). */
  readonly nameValidationScheme?: NameValidationScheme;
  /** PromQL feature flags for the rules' expressions. */
  readonly parser?: ParseOptions;
}

/** A rule file that failed to load: every problem, each line naming the file, as Prometheus lists them. */
export class RuleFileError extends Error {
  constructor(readonly errors: readonly string[]) {
    super(errors.join('\n'));
  }
}

/** The outcome of parsing one rule file: the groups, or the errors. */
export type RuleFileParse = { readonly ok: true; readonly ruleFile: RuleFile } | { readonly ok: false; readonly errors: readonly string[] };

const str = { kind: 'string' } as const;
const duration = { kind: 'duration' } as const;
const stringMap = { kind: 'stringMap' } as const;
const node = { kind: 'node' } as const;

function groupsSchema(positions: boolean): V3Schema {
  const rule: V3Schema = {
    kind: 'struct',
    goType: positions ? 'rulefmt.RuleNode' : 'rulefmt.Rule',
    fields: {
      record: positions ? node : str,
      alert: positions ? node : str,
      expr: positions ? node : str,
      for: duration,
      keep_firing_for: duration,
      labels: stringMap,
      annotations: stringMap,
    },
  };
  const group: V3Schema = {
    kind: 'struct',
    goType: positions ? 'rulefmt.RuleGroupNode' : 'rulefmt.RuleGroup',
    fields: {
      name: str,
      interval: duration,
      query_offset: { kind: 'duration', pointer: true },
      limit: { kind: 'int' },
      rules: { kind: 'seq', goType: positions ? '[]rulefmt.RuleNode' : '[]rulefmt.Rule', item: rule },
      labels: stringMap,
    },
  };
  return {
    kind: 'struct',
    goType: positions ? 'rulefmt.ruleGroups' : 'rulefmt.RuleGroups',
    fields: { groups: { kind: 'seq', goType: positions ? '[]rulefmt.RuleGroupNode' : '[]rulefmt.RuleGroup', item: group } },
  };
}

/** Parses rule file text (no I/O); `file` names it in errors and in the groups. */
export function parseRuleFile(text: string, file: string, options: RuleFileOptions = {}): RuleFileParse {
  const fail = (errors: readonly string[]): RuleFileParse => ({ ok: false, errors: errors.map((e) => `${file}: ${e}`) });
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, merge: true, uniqueKeys: false, prettyErrors: false });
  const documents = Array.isArray(docs) ? docs : [];
  const doc = documents[0];
  const warnings: string[] = [];
  if (doc === undefined) return { ok: true, ruleFile: { file, groups: [], warnings } };
  const syntax = doc.errors[0];
  if (syntax !== undefined) return fail([`yaml: line ${lines.linePos(syntax.pos[0]).line}: ${syntax.message.split('\n')[0]}`]);
  if (documents.length > 1) warnings.push(`${file}: the file holds ${documents.length} YAML documents; only the first one is used`);

  const errors: string[] = [];
  const decode = (withPositions: boolean, knownFields: boolean): V3Struct | undefined => {
    const decoder = new V3Decoder(doc, lines, text, knownFields);
    try {
      return decoder.decodeRoot(groupsSchema(withPositions)) as V3Struct;
    } catch (e) {
      if (e instanceof V3TypeError || e instanceof V3FatalError) errors.push(e.message);
      else throw e;
      return undefined;
    }
  };
  const typed = decode(false, !options.ignoreUnknownFields);
  // The second pass, like rulefmt's yaml.Unmarshal into its node types, never checks fields.
  const positions = decode(true, false);
  if (errors.length > 0 || typed === undefined || positions === undefined) return fail(errors);
  const groups = (typed.fields['groups'] as V3Struct[] | undefined) ?? [];
  const groupNodes = (positions.fields['groups'] as V3Struct[] | undefined) ?? [];
  const positionDecoder = new V3Decoder(doc, lines, text, false);
  const problems = validateRuleGroups(groups, groupNodes, {
    nameValidationScheme: options.nameValidationScheme ?? 'utf8',
    parser: options.parser ?? {},
    positionOf: (n) => positionDecoder.position(n),
  });
  if (problems.length > 0) return fail(problems);
  return { ok: true, ruleFile: { file, groups: groups.map((g) => toGroup(g, file, options.parser ?? {})), warnings } };
}

function toGroup(g: V3Struct, file: string, parser: ParseOptions): RuleGroupDefinition {
  const f = g.fields;
  const groupLabels = (f['labels'] as Record<string, string> | undefined) ?? {};
  const interval = (f['interval'] as number | undefined) ?? 0;
  const rules = ((f['rules'] as V3Struct[] | undefined) ?? []).map((r): RuleDefinition => {
    const rf = r.fields;
    const expr = rf['expr'] as string;
    const labels = { ...groupLabels, ...((rf['labels'] as Record<string, string> | undefined) ?? {}) };
    const ast = parseExpr(expr, parser);
    const alert = (rf['alert'] as string | undefined) ?? '';
    if (alert === '') return { kind: 'recording', name: rf['record'] as string, expr, ast, labels };
    return {
      kind: 'alerting',
      name: alert,
      expr,
      ast,
      labels,
      for: (rf['for'] as number | undefined) ?? 0,
      keepFiringFor: (rf['keep_firing_for'] as number | undefined) ?? 0,
      annotations: (rf['annotations'] as Record<string, string> | undefined) ?? {},
    };
  });
  return {
    file,
    name: f['name'] as string,
    interval: interval === 0 ? undefined : interval,
    queryOffset: f['query_offset'] as number | undefined,
    limit: (f['limit'] as number | undefined) ?? 0,
    labels: groupLabels,
    rules,
  };
}

/** Reads and parses one rule file; the errors name the file (`rules.yml: 5:15: group …`). */
export async function readRuleFile(path: string, options: RuleFileOptions = {}): Promise<RuleFileParse> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    return { ok: false, errors: [`${path}: ${goFsErrorText(e, 'open', path)}`] };
  }
  let text: string;
  try {
    text = readUtf8(bytes, path);
  } catch (e) {
    return { ok: false, errors: [(e as Error).message] };
  }
  return parseRuleFile(text, path, options);
}

/** Reads one rule file; throws RuleFileError listing every problem. */
export async function loadRuleFile(path: string, options: RuleFileOptions = {}): Promise<RuleFile> {
  const parsed = await readRuleFile(path, options);
  if (!parsed.ok) throw new RuleFileError(parsed.errors);
  return parsed.ruleFile;
}

/** Expands `rule_files` globs to file paths, in order (Prometheus's manager does this on every reload). */
export async function resolveRuleFiles(patterns: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const pattern of patterns) {
    try {
      files.push(...(await globFiles(pattern)));
    } catch (e) {
      throw new RuleFileError([`error retrieving rule files for ${pattern}: ${(e as Error).message}`]);
    }
  }
  return files;
}

/** Loads every rule file the patterns name, as the rule manager does on (re)load; the first bad file throws RuleFileError. */
export async function loadRuleFiles(patterns: readonly string[], options: RuleFileOptions = {}): Promise<RuleFile[]> {
  const out: RuleFile[] = [];
  for (const file of await resolveRuleFiles(patterns)) out.push(await loadRuleFile(file, options));
  return out;
}

/** A group's identity in the rule manager (file and name), as Prometheus's GroupKey. */
export function ruleGroupKey(group: Pick<RuleGroupDefinition, 'file' | 'name'>): string {
  return `${group.file};${group.name}`;
}
