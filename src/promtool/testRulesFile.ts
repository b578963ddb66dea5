/**
 * The rule unit-test file of `promtool test rules`, decoded strictly like promtool does
 * (yaml.UnmarshalStrict into its Go types, so an unknown key is an error that names the type),
 * with rule_files resolved against the test file's directory.
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import type { Node } from 'yaml';
import { ConfigError, Fields, parseYamlSource, type SourceContext } from '../config/decode.js';
import { globFiles } from '../config/glob.js';
import { goFsErrorText } from '../config/goFsError.js';
import { parsePromtoolTime, TimeParseError } from './queryTime.js';

/** One `input_series` item. */
export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

/** One expected alert of an alert_rule_test. */
export interface ExpectedAlert {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** One `alert_rule_test` item. */
export interface AlertTestCase {
  readonly evalTimeMs: number;
  readonly alertname: string;
  readonly expAlerts: readonly ExpectedAlert[];
}

/** One `exp_samples` item: `labels` in series notation, and `value` (or a native `histogram`). */
export interface ExpectedSample {
  readonly labels: string;
  readonly value: number;
  readonly histogram: string;
}

/** One `promql_expr_test` item. */
export interface PromqlTestCase {
  readonly expr: string;
  readonly evalTimeMs: number;
  readonly expSamples: readonly ExpectedSample[];
}

/** One item of `tests`. */
export interface TestGroup {
  readonly name: string;
  /** Input sample spacing (ms); the file's evaluation interval when not given. */
  readonly intervalMs: number;
  readonly inputSeries: readonly InputSeries[];
  readonly alertRuleTests: readonly AlertTestCase[];
  readonly promqlExprTests: readonly PromqlTestCase[];
  readonly externalLabels: Readonly<Record<string, string>>;
  readonly externalURL: string;
  /** Time 0 of the test (ms since the epoch); the epoch when not given. */
  readonly startMs: number;
}

/** A whole unit-test file. */
export interface UnitTestFile {
  /** Rule files, resolved against the test file's directory and globbed. */
  readonly ruleFiles: readonly string[];
  readonly evaluationIntervalMs: number;
  readonly groupEvalOrder: readonly string[];
  readonly fuzzyCompare: boolean;
  readonly tests: readonly TestGroup[];
  /** Patterns that matched no file (promtool warns about them). */
  readonly unmatchedPatterns: readonly string[];
}

const DEFAULT_EVALUATION_INTERVAL_MS = 60_000;

function items(fields: Fields, key: string, typeName: string, decode: (f: Fields) => unknown): unknown[] {
  return (fields.list(key) ?? []).map((node: Node) => {
    const f = new Fields(node, typeName, fields.source);
    const value = decode(f);
    f.done();
    return value;
  });
}

function decodeSample(f: Fields): ExpectedSample {
  return { labels: f.string('labels') ?? '', value: f.number('value') ?? 0, histogram: f.string('histogram') ?? '' };
}

function decodeAlertTest(f: Fields): AlertTestCase {
  return {
    evalTimeMs: f.duration('eval_time') ?? 0,
    alertname: f.string('alertname') ?? '',
    expAlerts: items(f, 'exp_alerts', 'main.alert', (a) => ({ labels: a.stringMap('exp_labels') ?? {}, annotations: a.stringMap('exp_annotations') ?? {} })) as ExpectedAlert[],
  };
}

function decodePromqlTest(f: Fields): PromqlTestCase {
  return {
    expr: f.string('expr') ?? '',
    evalTimeMs: f.duration('eval_time') ?? 0,
    expSamples: items(f, 'exp_samples', 'main.sample', decodeSample) as ExpectedSample[],
  };
}

function decodeGroup(f: Fields, evaluationIntervalMs: number): TestGroup {
  const start = f.string('start_timestamp');
  let startMs = 0;
  if (start !== undefined) {
    try {
      startMs = parsePromtoolTime(start);
    } catch (e) {
      if (e instanceof TimeParseError) throw f.error(f.node_('start_timestamp'), e.message);
      throw e;
    }
  }
  return {
    name: f.string('name') ?? '',
    intervalMs: f.duration('interval') || evaluationIntervalMs,
    inputSeries: items(f, 'input_series', 'main.series', (s) => ({ series: s.string('series') ?? '', values: s.string('values') ?? '' })) as InputSeries[],
    alertRuleTests: items(f, 'alert_rule_test', 'main.alertTestCase', decodeAlertTest) as AlertTestCase[],
    promqlExprTests: items(f, 'promql_expr_test', 'main.promqlTestCase', decodePromqlTest) as PromqlTestCase[],
    externalLabels: f.stringMap('external_labels') ?? {},
    externalURL: f.string('external_url') ?? '',
    startMs,
  };
}

/** Decodes unit-test file text; `file` names it in errors. Rule file patterns are not resolved here. */
export function decodeUnitTestFile(text: string, file: string): Omit<UnitTestFile, 'unmatchedPatterns'> {
  const { root, source } = parseYamlSource(text, file);
  const f = new Fields(root, 'main.unitTestFile', source satisfies SourceContext);
  const evaluationIntervalMs = f.duration('evaluation_interval') || DEFAULT_EVALUATION_INTERVAL_MS;
  const decoded = {
    ruleFiles: f.stringList('rule_files') ?? [],
    evaluationIntervalMs,
    groupEvalOrder: f.stringList('group_eval_order') ?? [],
    fuzzyCompare: f.bool('fuzzy_compare') ?? false,
    tests: items(f, 'tests', 'main.testGroup', (g) => decodeGroup(g, evaluationIntervalMs)) as TestGroup[],
  };
  f.done();
  return decoded;
}

/** Reads a unit-test file and resolves its rule files; throws Error with promtool's message. */
export async function readUnitTestFile(path: string): Promise<UnitTestFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new Error(goFsErrorText(e, 'open', path));
  }
  let decoded;
  try {
    decoded = decodeUnitTestFile(text, path);
  } catch (e) {
    if (e instanceof ConfigError) throw new Error(e.message);
    throw e;
  }
  const ruleFiles: string[] = [];
  const unmatchedPatterns: string[] = [];
  for (const pattern of decoded.ruleFiles) {
    const resolved = pattern !== '' && !isAbsolute(pattern) ? join(dirname(path), pattern) : pattern;
    const matches = await globFiles(resolved);
    if (matches.length === 0) unmatchedPatterns.push(resolved);
    ruleFiles.push(...matches);
  }
  return { ...decoded, ruleFiles, unmatchedPatterns };
}
