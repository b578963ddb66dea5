/**
 * One test group of a rule unit-test file, run the way promtool runs it: the input series are
 * stored as time advances, every rule group is evaluated at each evaluation_interval step from
 * the test's start to its last eval_time (its output stored, so later rules and evaluations see
 * it), the firing alerts are compared at each alert_rule_test's eval_time, and finally every
 * promql_expr_test is queried against the whole store. Returns promtool's error texts.
 */
import { loadRuleFile, RuleFileError, type RuleGroupDefinition } from '../config/ruleFiles.js';
import { Engine } from '../lang/promql/engine.js';
import type { ParseOptions } from '../lang/promql/parser.js';
import { parseSeries } from '../lang/seriesNotation.js';
import { formatDuration } from '../model/duration.js';
import { quoteGoString } from '../model/goString.js';
import { Labels } from '../model/labels.js';
import { evaluateRuleGroup, newRuleGroupState, type RuleEvaluationContext, type RuleGroupState } from '../operators/ruleGroupEvaluation.js';
import { MemoryHead } from '../storage/memoryHead.js';
import { eprintln, type PromtoolIO } from './io.js';
import { alertsDiff } from './testRulesDiff.js';
import type { AlertTestCase, PromqlTestCase, TestGroup } from './testRulesFile.js';
import { InputSeriesLoader } from './testRulesInput.js';
import { alertListText, compareAlerts, goDurationText, indentLines, matrixSeriesText, sampleListText, type LabelsAndAnnotations, type TestSample } from './testRulesText.js';

/** What a test group needs from its file and the command line. */
export interface TestGroupSettings {
  readonly evaluationIntervalMs: number;
  readonly ruleFiles: readonly string[];
  readonly groupEvalOrder: readonly string[];
  readonly fuzzyCompare: boolean;
  readonly ignoreUnknownFields: boolean;
  readonly parser: ParseOptions;
  readonly diff: boolean;
  readonly debug: boolean;
}

/** Prometheus's default `--rules.alert.resend-delay`; it only decides when alerts would be re-sent. */
const RESEND_DELAY_MS = 60_000;

/** The engine of promtool's test loader: 10k samples, 100 s timeout, subqueries at the evaluation interval. */
function testEngine(settings: TestGroupSettings): Engine {
  return new Engine({ maxSamples: 10_000, timeoutMs: 100_000, defaultSubqueryStepMs: settings.evaluationIntervalMs, parseOptions: settings.parser });
}

/** The rule groups of all rule files, ordered by group_eval_order (groups not named there come first, in file order). */
async function loadGroups(settings: TestGroupSettings): Promise<RuleGroupDefinition[]> {
  const groups: RuleGroupDefinition[] = [];
  for (const file of settings.ruleFiles) {
    const ruleFile = await loadRuleFile(file, { ignoreUnknownFields: settings.ignoreUnknownFields, parser: settings.parser });
    groups.push(...ruleFile.groups);
  }
  const rank = (g: RuleGroupDefinition): number => Math.max(settings.groupEvalOrder.indexOf(g.name), 0);
  return groups.sort((a, b) => rank(a) - rank(b));
}

function maxEvalTime(tg: TestGroup): number {
  return Math.max(0, ...tg.alertRuleTests.map((t) => t.evalTimeMs), ...tg.promqlExprTests.map((t) => t.evalTimeMs));
}

function floatsEqual(fuzzy: boolean): (x: number, y: number) => boolean {
  if (!fuzzy) return (x, y) => x === y;
  // promtool's fuzzy_compare: equal, or one representable float away either way.
  return (x, y) => x === y || nextAfter(x, -1) === y || nextAfter(x, 1) === y;
}

/** Go's math.Nextafter(x, ±Inf): the neighbouring float64 in the given direction. */
function nextAfter(x: number, direction: 1 | -1): number {
  if (!Number.isFinite(x)) return x;
  if (x === 0) return direction * Number.MIN_VALUE;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const away = x > 0 === direction > 0;
  view.setBigUint64(0, view.getBigUint64(0) + (away ? 1n : -1n));
  return view.getFloat64(0);
}

/** The firing alerts named `alertname` over every group (the same name may appear in several). */
function firingAlerts(groups: readonly RuleGroupDefinition[], states: readonly RuleGroupState[], alertname: string): LabelsAndAnnotations[] {
  const out: LabelsAndAnnotations[] = [];
  groups.forEach((group, g) => {
    group.rules.forEach((rule, r) => {
      if (rule.kind !== 'alerting' || rule.name !== alertname) return;
      for (const alert of states[g]!.rules[r]!.alerts.values()) {
        if (alert.state === 'firing') out.push({ labels: alert.labels, annotations: alert.annotations });
      }
    });
  });
  return out.sort(compareAlerts);
}

function checkAlerts(tg: TestGroup, testcase: AlertTestCase, got: readonly LabelsAndAnnotations[], settings: TestGroupSettings): string | undefined {
  const expected = testcase.expAlerts
    .map((a) => ({ labels: Labels.from({ ...a.labels, alertname: testcase.alertname }), annotations: Labels.from(a.annotations) }))
    .sort(compareAlerts);
  const same = expected.length === got.length && expected.every((e, i) => e.labels.equals(got[i]!.labels) && e.annotations.equals(got[i]!.annotations));
  if (same) return undefined;
  const name = tg.name !== '' ? `    name: ${tg.name},\n` : '';
  const head = `${name}    alertname: ${testcase.alertname}, time: ${formatDuration(testcase.evalTimeMs)}, \n`;
  if (settings.diff) {
    const diff = alertsDiff(expected, got);
    return diff === undefined ? undefined : `${head}        diff: ${indentLines(diff, '            ')}`;
  }
  const indent = '            ';
  return `${head}        exp:${indentLines(alertListText(expected), indent)}, \n        got:${indentLines(alertListText(got), indent)}`;
}

async function checkExpression(testCase: PromqlTestCase, engine: Engine, head: MemoryHead, startMs: number, equal: (x: number, y: number) => boolean): Promise<string | undefined> {
  const where = `    expr: ${quoteGoString(testCase.expr)}, time: ${formatDuration(testCase.evalTimeMs)}`;
  let got: TestSample[];
  try {
    const result = await engine.instantQuery(head, testCase.expr, startMs + testCase.evalTimeMs);
    if (result.type === 'vector') got = result.samples.map((s) => ({ labels: s.labels, value: s.v }));
    else if (result.type === 'scalar') got = [{ labels: Labels.EMPTY, value: result.v }];
    else throw new Error('rule result is not a vector or scalar');
  } catch (e) {
    return `${where}, err: ${(e as Error).message}`;
  }
  const expected: TestSample[] = [];
  for (const s of testCase.expSamples) {
    try {
      if (s.histogram !== '') throw new Error('native histogram samples are not supported by promstream yet');
      expected.push({ labels: parseSeries(s.labels), value: s.value });
    } catch (e) {
      return `${where}, err: labels ${quoteGoString(s.labels)}: ${(e as Error).message}`;
    }
  }
  const byLabels = (a: TestSample, b: TestSample): number => Labels.compare(a.labels, b.labels);
  expected.sort(byLabels);
  got.sort(byLabels);
  const same = expected.length === got.length && expected.every((e, i) => e.labels.equals(got[i]!.labels) && equal(e.value, got[i]!.value));
  return same ? undefined : `${where},\n        exp: ${sampleListText(expected)}\n        got: ${sampleListText(got)}`;
}

/** `--debug`: everything stored, input and rule output, up to the last eval_time. */
async function debugDump(engine: Engine, head: MemoryHead, tg: TestGroup, io: PromtoolIO): Promise<void> {
  // Round up to a whole second: PromQL ranges cannot be fractional.
  const rangeMs = Math.floor((maxEvalTime(tg) + 1000) / 1000) * 1000;
  const expr = `{__name__=~".+"}[${formatDuration(rangeMs)}]`;
  try {
    const result = await engine.instantQuery(head, expr, tg.startMs + rangeMs);
    if (result.type !== 'matrix') return;
    eprintln(io, `DEBUG: Dump of all data (input_series and rules) at ${goDurationText(rangeMs)}:`);
    eprintln(io, result.series.map((s) => matrixSeriesText(s.labels, s.timestamps, s.values)).join('\n'));
  } catch (e) {
    eprintln(io, `DEBUG: Failed query exec, expr: ${quoteGoString(expr)}, err: ${(e as Error).message}`);
  }
}

/** Runs one test group; returns promtool's error texts (empty when it passed). */
export async function runTestGroup(tg: TestGroup, testName: string, settings: TestGroupSettings, io: PromtoolIO): Promise<string[]> {
  const started = Date.now();
  if (settings.debug) eprintln(io, `DEBUG: Starting test ${testName}`);
  try {
    return await runChecks(tg, settings, io);
  } finally {
    if (settings.debug) eprintln(io, `DEBUG: Test ${testName} finished, took ${goDurationText(Date.now() - started)}`);
  }
}

async function runChecks(tg: TestGroup, settings: TestGroupSettings, io: PromtoolIO): Promise<string[]> {
  let input: InputSeriesLoader;
  let groups: RuleGroupDefinition[];
  try {
    input = InputSeriesLoader.parse(tg.inputSeries, tg.startMs, tg.intervalMs);
    groups = await loadGroups(settings);
  } catch (e) {
    return e instanceof RuleFileError ? [...e.errors] : [(e as Error).message];
  }
  const missingName = tg.alertRuleTests.find((t) => t.alertname === '');
  if (missingName !== undefined) {
    const where = tg.name !== '' ? ` (in TestGroup ${tg.name})` : '';
    return [`an item under alert_rule_test misses required attribute alertname at eval_time ${formatDuration(missingName.evalTimeMs)}${where}`];
  }
  const head = new MemoryHead();
  const engine = testEngine(settings);
  const mint = tg.startMs;
  const maxt = mint + maxEvalTime(tg);
  const alertTimes = [...new Set(tg.alertRuleTests.map((t) => t.evalTimeMs))].sort((a, b) => a - b);
  let states = groups.map((g) => newRuleGroupState(g, { restored: true }));
  const errors: string[] = [];
  let nextAlertTime = 0;
  for (let ts = mint; ts <= maxt; ts += settings.evaluationIntervalMs) {
    await input.appendTill(ts, head);
    const evalErrors: string[] = [];
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g]!;
      const ctx: RuleEvaluationContext = {
        engine,
        queryable: head,
        appendable: head,
        externalLabels: tg.externalLabels,
        externalURL: tg.externalURL,
        queryOffsetMs: group.queryOffset ?? 0,
        resendDelayMs: RESEND_DELAY_MS,
        intervalMs: group.interval ?? tg.intervalMs,
      };
      states[g] = (await evaluateRuleGroup(group, states[g]!, ts, ctx)).state;
      group.rules.forEach((rule, r) => {
        const lastError = states[g]!.rules[r]!.lastError;
        if (lastError !== '') evalErrors.push(`    rule: ${rule.name}, time: ${goDurationText(ts)}, err: ${lastError}`);
      });
    }
    // An evaluation error ends the group at once, keeping the failures found so far.
    if (evalErrors.length > 0) return [...errors, ...evalErrors];
    // Alert tests whose eval_time falls in [ts, ts + evaluation_interval) are checked against this evaluation.
    while (nextAlertTime < alertTimes.length && ts - mint <= alertTimes[nextAlertTime]! && alertTimes[nextAlertTime]! < ts - mint + settings.evaluationIntervalMs) {
      const t = alertTimes[nextAlertTime++]!;
      for (const testcase of tg.alertRuleTests.filter((a) => a.evalTimeMs === t)) {
        const failure = checkAlerts(tg, testcase, firingAlerts(groups, states, testcase.alertname), settings);
        if (failure !== undefined) errors.push(failure);
      }
    }
  }
  const equal = floatsEqual(settings.fuzzyCompare);
  for (const testCase of tg.promqlExprTests) {
    const failure = await checkExpression(testCase, engine, head, mint, equal);
    if (failure !== undefined) errors.push(failure);
  }
  if (settings.debug) await debugDump(engine, head, tg, io);
  return errors;
}
