/**
 * promtool's command table and dispatch: which commands exist, their flags (named and
 * defaulted as in promtool 3), and how parsed arguments reach each command.
 */
import type { ParseOptions } from '../lang/promql/parser.js';
import { parseArgs, usage, UsageError, type CommandSpec, type FlagSpec, type ParsedArgs } from './args.js';
import { checkConfigCommand } from './checkConfig.js';
import { checkMetricsCommand } from './checkMetrics.js';
import { checkRulesCommand } from './checkRules.js';
import { checkWebConfigCommand } from './checkWebConfig.js';
import { EXIT_FAILURE, EXIT_SUCCESS, println, type PromtoolIO } from './io.js';
import { queryCommand, type QueryRequest } from './query.js';
import { testRulesCommand } from './testRules.js';
import { CONFIG_LINT_OPTIONS, configLintSettings, LINT_ALL, LINT_DUPLICATE_RULES, RULES_LINT_OPTIONS, rulesLintSettings } from './lintSettings.js';

const PROGRAM = 'promtool';

/** promtool's version line; promstream's promtool follows Prometheus 3.14's. */
export const PROMTOOL_VERSION = 'promtool (promstream), compatible with Prometheus 3.14';

const GLOBAL_FLAGS: readonly FlagSpec[] = [
  { name: 'experimental', kind: 'bool', help: 'Enable experimental commands.' },
  {
    name: 'enable-feature',
    kind: 'strings',
    default: '',
    help: 'Comma separated feature names to enable. Valid options: promql-experimental-functions, promql-delayed-name-removal, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers.',
  },
];

const LOOKBACK: FlagSpec = { name: 'query.lookback-delta', kind: 'duration', default: '5m', help: "The server's maximum query lookback duration." };
const IGNORE_UNKNOWN: FlagSpec = { name: 'ignore-unknown-fields', kind: 'bool', help: 'Ignore unknown fields in the rule files.' };
const LINT_FATAL: FlagSpec = { name: 'lint-fatal', kind: 'bool', help: 'Make lint errors exit with exit code 3.' };
const QUERY_FLAGS: readonly FlagSpec[] = [
  { name: 'format', short: 'o', kind: 'string', default: 'promql', help: 'Output format of the query.' },
  { name: 'http.config.file', kind: 'string', default: '', help: 'HTTP client configuration file for promtool to connect to Prometheus.' },
];
const SERIES_MATCH: FlagSpec = { name: 'match', kind: 'strings', help: 'Series selector. Can be specified multiple times.' };
const startFlag = (what: string): FlagSpec => ({ name: 'start', kind: 'string', default: '', help: `${what} (RFC3339 or Unix timestamp).` });
const endFlag = (what: string): FlagSpec => ({ name: 'end', kind: 'string', default: '', help: `${what} (RFC3339 or Unix timestamp).` });

const COMMANDS: readonly CommandSpec[] = [
  {
    path: ['check', 'config'],
    help: 'Check if the config files are valid or not.',
    flags: [
      LOOKBACK,
      { name: 'syntax-only', kind: 'bool', help: 'Only check the config file syntax, ignoring file and content validation referenced in the config' },
      { name: 'lint', kind: 'string', default: LINT_DUPLICATE_RULES, help: `Linting checks to apply to the rules/scrape configs specified in the config. Available options are: ${CONFIG_LINT_OPTIONS.join(', ')}. Use --lint=none to disable linting` },
      LINT_FATAL,
      IGNORE_UNKNOWN,
      { name: 'agent', kind: 'bool', help: 'Check config file for Prometheus in Agent mode.' },
    ],
    args: { name: 'config-files', required: true, existingFiles: true },
  },
  {
    path: ['check', 'rules'],
    help: 'Check if the rule files are valid or not.',
    flags: [
      LOOKBACK,
      { name: 'lint', kind: 'string', default: LINT_DUPLICATE_RULES, help: `Linting checks to apply. Available options are: ${RULES_LINT_OPTIONS.join(', ')}. Use --lint=none to disable linting` },
      LINT_FATAL,
      IGNORE_UNKNOWN,
    ],
    args: { name: 'rule-files', required: false, existingFiles: true },
  },
  {
    path: ['check', 'web-config'],
    help: 'Check if the web config files are valid or not.',
    flags: [LOOKBACK],
    args: { name: 'web-config-files', required: true, existingFiles: true },
  },
  {
    path: ['check', 'metrics'],
    help: 'Pass Prometheus metrics over stdin to lint them for consistency and correctness, and optionally perform cardinality analysis.',
    flags: [
      LOOKBACK,
      { name: 'extended', kind: 'bool', help: 'Print extended information related to the cardinality of the metrics.' },
      { name: 'lint', kind: 'string', default: LINT_ALL, help: 'Linting checks to apply for metrics. Available options are: all, none. Use --lint=none to disable metrics linting.' },
    ],
  },
  {
    path: ['query', 'instant'],
    help: 'Run instant query.',
    flags: [...QUERY_FLAGS, { name: 'time', kind: 'string', default: '', help: 'Query evaluation time (RFC3339 or Unix timestamp).' }],
    positional: ['server', 'expr'],
  },
  {
    path: ['query', 'range'],
    help: 'Run range query.',
    flags: [
      ...QUERY_FLAGS,
      { name: 'header', kind: 'strings', help: 'Extra headers to send to server.' },
      startFlag('Query range start time'),
      endFlag('Query range end time'),
      { name: 'step', kind: 'duration', default: '0s', help: 'Query step size (duration).' },
    ],
    positional: ['server', 'expr'],
  },
  {
    path: ['query', 'series'],
    help: 'Run series query.',
    flags: [...QUERY_FLAGS, SERIES_MATCH, startFlag('Start time'), endFlag('End time')],
    positional: ['server'],
  },
  {
    path: ['query', 'labels'],
    help: 'Run labels query.',
    flags: [...QUERY_FLAGS, startFlag('Start time'), endFlag('End time'), SERIES_MATCH],
    positional: ['server', 'name'],
  },
  {
    path: ['test', 'rules'],
    help: 'Unit tests for rules.',
    flags: [
      { name: 'junit', kind: 'string', default: '', help: 'File path to store JUnit XML test results.' },
      { name: 'run', kind: 'strings', help: 'If set, will only run test groups whose names match the regular expression. Can be specified multiple times.' },
      { name: 'debug', kind: 'bool', help: 'Enable unit test debugging.' },
      { name: 'diff', kind: 'bool', help: '[Experimental] Print colored differential output between expected & received output.' },
      {
        name: 'ignore-unknown-fields',
        kind: 'bool',
        help: 'Ignore unknown fields in the test files. This is useful when you want to extend rule files with custom metadata. Ensure that those fields are removed before loading them into the Prometheus server as it performs strict checks by default.',
      },
    ],
    args: { name: 'test-rule-file', required: true, existingFiles: true },
  },
];

// Commands promtool has that promstream does not provide yet; named so users get a clear answer.
const NOT_YET = ['query analyze', 'tsdb', 'push metrics', 'debug', 'promql', 'check service-discovery', 'check healthy', 'check ready'];

/** PromQL parser options from --enable-feature; unknown names print promtool's warning. */
function parserFeatures(values: readonly string[], io: PromtoolIO): ParseOptions {
  const options: { -readonly [K in keyof ParseOptions]: ParseOptions[K] } = {};
  for (const value of values) {
    for (const feature of value.split(',')) {
      if (feature === 'promql-experimental-functions') options.experimentalFunctions = true;
      else if (feature === 'promql-duration-expr') options.durationExpressions = true;
      else if (feature === 'promql-extended-range-selectors') options.extendedRangeSelectors = true;
      else if (feature === 'promql-binop-fill-modifiers') options.binopFillModifiers = true;
      else if (feature !== '' && feature !== 'promql-delayed-name-removal') io.out(`  WARNING: Unknown feature passed to --enable-feature: ${feature}`);
    }
  }
  return options;
}

/** The arguments of a `query …` command. */
function queryRequest(parsed: ParsedArgs): QueryRequest {
  const flag = <T>(name: string): T => parsed.flags.get(name) as T;
  const [, second = ''] = parsed.args;
  switch (parsed.command.path[1]) {
    case 'instant':
      return { kind: 'instant', expr: second, time: flag<string>('time') };
    case 'range': {
      // --header is a kingpin StringMap: `name=value`.
      const headers = Object.fromEntries(flag<string[]>('header').map((h) => [h.slice(0, h.indexOf('=') < 0 ? h.length : h.indexOf('=')), h.includes('=') ? h.slice(h.indexOf('=') + 1) : '']));
      return { kind: 'range', expr: second, start: flag<string>('start'), end: flag<string>('end'), stepMs: flag<number>('step'), headers };
    }
    case 'series':
      return { kind: 'series', matchers: flag<string[]>('match'), start: flag<string>('start'), end: flag<string>('end') };
    default:
      return { kind: 'labels', name: second, matchers: flag<string[]>('match'), start: flag<string>('start'), end: flag<string>('end') };
  }
}

async function dispatch(parsed: ParsedArgs, io: PromtoolIO): Promise<number> {
  const flag = <T>(name: string): T => parsed.flags.get(name) as T;
  const parser = parserFeatures(flag<string[]>('enable-feature'), io);
  const warn = (message: string): void => println(io, message);
  const common = (): { fatal: boolean; ignoreUnknownFields: boolean; nameValidationScheme: 'utf8'; parser: ParseOptions } => ({
    fatal: flag<boolean>('lint-fatal'),
    ignoreUnknownFields: flag<boolean>('ignore-unknown-fields'),
    nameValidationScheme: 'utf8',
    parser,
  });
  switch (parsed.command.path.join(' ')) {
    case 'check config':
      return checkConfigCommand(
        parsed.args,
        {
          agentMode: flag<boolean>('agent'),
          syntaxOnly: flag<boolean>('syntax-only'),
          lint: configLintSettings(flag<string>('lint'), common(), flag<number>('query.lookback-delta'), warn),
        },
        io,
      );
    case 'check rules':
      return checkRulesCommand(parsed.args, rulesLintSettings(flag<string>('lint'), common(), warn), io);
    case 'check web-config':
      return checkWebConfigCommand(parsed.args, io);
    case 'check metrics':
      return checkMetricsCommand({ extended: flag<boolean>('extended'), lint: flag<string>('lint') }, io);
    case 'test rules':
      return testRulesCommand(
        parsed.args,
        { run: flag<string[]>('run'), debug: flag<boolean>('debug'), diff: flag<boolean>('diff'), ignoreUnknownFields: flag<boolean>('ignore-unknown-fields'), junitFile: flag<string>('junit'), parser },
        io,
      );
    case 'query instant':
    case 'query range':
    case 'query series':
    case 'query labels':
      return queryCommand({ server: parsed.args[0]!, format: flag<string>('format'), httpConfigFile: flag<string>('http.config.file') }, queryRequest(parsed), io);
  }
  return EXIT_FAILURE;
}

/** Runs promtool with the given arguments (without the program name); returns the exit code. */
export async function runPromtool(argv: readonly string[], io: PromtoolIO): Promise<number> {
  const wanted = argv.filter((a) => !a.startsWith('-')).join(' ');
  const missing = NOT_YET.find((c) => wanted === c || wanted.startsWith(c + ' '));
  if (missing !== undefined) {
    io.err(`${PROGRAM}: error: "${missing}" is not available in promstream's promtool yet\n`);
    return EXIT_FAILURE;
  }
  let result;
  try {
    result = parseArgs(argv, COMMANDS, GLOBAL_FLAGS);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`${PROGRAM}: error: ${e.message}, try --help\n`);
    return EXIT_FAILURE;
  }
  if (result.kind === 'help') {
    io.out(usage(PROGRAM, COMMANDS, GLOBAL_FLAGS, result.command));
    return EXIT_SUCCESS;
  }
  if (result.kind === 'version') {
    println(io, PROMTOOL_VERSION);
    return EXIT_SUCCESS;
  }
  return dispatch(result.parsed, io);
}
