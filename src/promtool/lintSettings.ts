/**
 * promtool's `--lint` options, combined as promtool combines them: `duplicate-rules` (the
 * default), `too-long-scrape-interval` (config only, against --query.lookback-delta), `all`, and
 * `none`, which wins over everything else in the list.
 */
import type { ParseOptions } from '../lang/promql/parser.js';
import type { NameValidationScheme } from '../config/nameValidation.js';

/** Every lint. */
export const LINT_ALL = 'all';
/** The same rule name and labels twice. */
export const LINT_DUPLICATE_RULES = 'duplicate-rules';
/** Scrape intervals at or above the lookback delta. */
export const LINT_TOO_LONG_SCRAPE_INTERVAL = 'too-long-scrape-interval';
/** No lint at all. */
export const LINT_NONE = 'none';

/** The options `check rules` accepts, in promtool's order (for help texts). */
export const RULES_LINT_OPTIONS: readonly string[] = [LINT_ALL, LINT_DUPLICATE_RULES, LINT_NONE];
/** The options `check config` accepts. */
export const CONFIG_LINT_OPTIONS: readonly string[] = [...RULES_LINT_OPTIONS, LINT_TOO_LONG_SCRAPE_INTERVAL];

/** How rule files are checked. */
export interface RulesLintSettings {
  readonly all: boolean;
  readonly duplicateRules: boolean;
  /** --lint-fatal: lint problems exit with 3. */
  readonly fatal: boolean;
  readonly ignoreUnknownFields: boolean;
  readonly nameValidationScheme: NameValidationScheme;
  /** PromQL features enabled with --enable-feature. */
  readonly parser: ParseOptions;
}

/** How a config file is checked: its rule files, and the scrape-interval lint. */
export interface ConfigLintSettings {
  readonly rules: RulesLintSettings;
  /** The lookback delta to compare scrape intervals with (ms); 0 turns the lint off. */
  readonly lookbackDeltaMs: number;
}

/** Whether duplicate rules are reported. */
export function lintsDuplicateRules(s: RulesLintSettings): boolean {
  return s.all || s.duplicateRules;
}

interface Common {
  readonly fatal: boolean;
  readonly ignoreUnknownFields: boolean;
  readonly nameValidationScheme: NameValidationScheme;
  readonly parser: ParseOptions;
}

/** Reads a `check rules` --lint value; unknown options are reported through `warn`, as promtool prints them. */
export function rulesLintSettings(options: string, common: Common, warn: (message: string) => void): RulesLintSettings {
  let all = false;
  let duplicateRules = false;
  for (const option of options.split(',')) {
    if (option === LINT_ALL) all = true;
    else if (option === LINT_DUPLICATE_RULES) duplicateRules = true;
    else if (option !== LINT_NONE) warn(`WARNING: unknown lint option: ${JSON.stringify(option)}`);
  }
  return { all, duplicateRules, ...common };
}

/** Reads a `check config` --lint value; the scrape-interval lint only runs when asked for (or `all`), and `none` wins. */
export function configLintSettings(options: string, common: Common, lookbackDeltaMs: number, warn: (message: string) => void): ConfigLintSettings {
  let lookback = 0;
  let none = false;
  const ruleOptions: string[] = [];
  for (const option of options.split(',')) {
    if (option === LINT_ALL || option === LINT_TOO_LONG_SCRAPE_INTERVAL) {
      lookback = lookbackDeltaMs;
      if (option === LINT_ALL) ruleOptions.push(LINT_ALL);
    } else if (option === LINT_NONE) {
      none = true;
    } else {
      ruleOptions.push(option);
    }
  }
  const noRuleLints: RulesLintSettings = { all: false, duplicateRules: false, ...common };
  if (none) return { rules: noRuleLints, lookbackDeltaMs: 0 };
  return { rules: ruleOptions.length > 0 ? rulesLintSettings(ruleOptions.join(','), common, warn) : noRuleLints, lookbackDeltaMs: lookback };
}
