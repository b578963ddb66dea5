/**
 * `promtool check rules`: each file parsed as the rule manager parses it, then the duplicate-rule
 * lint (same alert/record name and labels twice). Parse errors exit 1; lint findings only print,
 * unless --lint-fatal makes them exit 3. Output texts are promtool's.
 */
import { parseRuleFile, readRuleFile, type RuleFile, type RuleFileParse } from '../config/ruleFiles.js';
import { eprintln, EXIT_FAILURE, EXIT_LINT, EXIT_SUCCESS, println, type PromtoolIO } from './io.js';
import { lintsDuplicateRules, type RulesLintSettings } from './lintSettings.js';

/** Whether a check failed, and whether for a reason other than lint. */
export interface CheckOutcome {
  readonly failed: boolean;
  readonly hasErrors: boolean;
}

/** A rule name with the labels it writes, as promtool compares rules for duplicates. */
export interface RuleIdentity {
  readonly metric: string;
  /** Sorted by name. */
  readonly labels: ReadonlyArray<readonly [string, string]>;
}

function compareBytes(a: string, b: string): number {
  return a === b ? 0 : Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function compareIdentity(a: RuleIdentity, b: RuleIdentity): number {
  const byMetric = compareBytes(a.metric, b.metric);
  if (byMetric !== 0) return byMetric;
  const n = Math.min(a.labels.length, b.labels.length);
  for (let i = 0; i < n; i++) {
    const byName = compareBytes(a.labels[i]![0], b.labels[i]![0]);
    if (byName !== 0) return byName;
    const byValue = compareBytes(a.labels[i]![1], b.labels[i]![1]);
    if (byValue !== 0) return byValue;
  }
  return a.labels.length - b.labels.length;
}

/** The rules that occur more than once (each reported once), in promtool's sorted order. */
export function findDuplicateRules(ruleFile: RuleFile): RuleIdentity[] {
  const rules: RuleIdentity[] = ruleFile.groups.flatMap((g) =>
    g.rules.map((r) => ({
      metric: r.name,
      labels: Object.entries(r.labels).sort(([x], [y]) => compareBytes(x, y)),
    })),
  );
  if (rules.length < 2) return [];
  rules.sort(compareIdentity);
  const duplicates: RuleIdentity[] = [];
  for (let i = 1; i < rules.length; i++) {
    if (compareIdentity(rules[i - 1]!, rules[i]!) !== 0) continue;
    const lastReported = duplicates[duplicates.length - 1];
    if (lastReported === undefined || compareIdentity(rules[i - 1]!, lastReported) !== 0) duplicates.push(rules[i]!);
  }
  return duplicates;
}

/** promtool's lint message for duplicates (`lint error 1 duplicate rule(s) found.` …). */
export function duplicateRulesMessage(duplicates: readonly RuleIdentity[]): string {
  let text = `${duplicates.length} duplicate rule(s) found.\n`;
  for (const d of duplicates) {
    text += `Metric: ${d.metric}\nLabel(s):\n`;
    for (const [name, value] of d.labels) text += `\t${name}: ${value}\n`;
  }
  return `lint error ${text}Might cause inconsistency while recording expressions`;
}

/** Reports one parsed file; returns its outcome. */
function report(parsed: RuleFileParse, settings: RulesLintSettings, io: PromtoolIO): CheckOutcome {
  if (!parsed.ok) {
    eprintln(io, '  FAILED:');
    for (const e of parsed.errors) eprintln(io, e);
    // Parse errors are never lint: promtool moves on without the blank line.
    return { failed: true, hasErrors: true };
  }
  const count = parsed.ruleFile.groups.reduce((n, g) => n + g.rules.length, 0);
  const duplicates = lintsDuplicateRules(settings) ? findDuplicateRules(parsed.ruleFile) : [];
  let outcome: CheckOutcome = { failed: false, hasErrors: false };
  if (duplicates.length > 0) {
    eprintln(io, '  FAILED:');
    eprintln(io, duplicateRulesMessage(duplicates));
    outcome = { failed: true, hasErrors: false };
  } else {
    println(io, `  SUCCESS: ${count} rules found`);
  }
  println(io);
  return outcome;
}

function merge(a: CheckOutcome, b: CheckOutcome): CheckOutcome {
  return { failed: a.failed || b.failed, hasErrors: a.hasErrors || b.hasErrors };
}

/** Checks rule files one after another, printing as promtool does. */
export async function checkRuleFiles(files: readonly string[], settings: RulesLintSettings, io: PromtoolIO): Promise<CheckOutcome> {
  let outcome: CheckOutcome = { failed: false, hasErrors: false };
  for (const file of files) {
    println(io, 'Checking', file);
    const parsed = await readRuleFile(file, settings);
    outcome = merge(outcome, report(parsed, settings, io));
  }
  return outcome;
}

/** Checks rules given on standard input. */
export async function checkRulesFromStdin(settings: RulesLintSettings, io: PromtoolIO): Promise<CheckOutcome> {
  println(io, 'Checking standard input');
  let text: string;
  try {
    text = await io.readStdin();
  } catch (e) {
    eprintln(io, '  FAILED:', (e as Error).message);
    return { failed: true, hasErrors: true };
  }
  // rulefmt.Parse names no file; our parser prefixes one, which we take off again.
  const parsed = parseRuleFile(text, '', settings);
  const unprefixed: RuleFileParse = parsed.ok ? parsed : { ok: false, errors: parsed.errors.map((e) => e.replace(/^: /, '')) };
  return report(unprefixed, settings, io);
}

/** The exit code of a check: 1 for errors, 3 for lint findings under --lint-fatal, else 0. */
export function exitCodeOf(outcome: CheckOutcome, fatal: boolean): number {
  if (outcome.failed && outcome.hasErrors) return EXIT_FAILURE;
  if (outcome.failed && fatal) return EXIT_LINT;
  return EXIT_SUCCESS;
}

/** `promtool check rules [FILE…]` (standard input when no file is given). */
export async function checkRulesCommand(files: readonly string[], settings: RulesLintSettings, io: PromtoolIO): Promise<number> {
  const outcome = files.length === 0 ? await checkRulesFromStdin(settings, io) : await checkRuleFiles(files, settings, io);
  return exitCodeOf(outcome, settings.fatal);
}
