/**
 * `promtool test rules FILE…`: runs each rule unit-test file and prints `  SUCCESS` (stdout) or
 * `  FAILED:` and every failure (stderr), each followed by a blank line on stdout, as promtool
 * does; exit 1 when any file failed. `--run` picks test groups by name (regular expressions,
 * any may match), `--junit` writes JUnit XML.
 */
import { writeFile } from 'node:fs/promises';
import type { ParseOptions } from '../lang/promql/parser.js';
import { RegexSyntaxError, translateRe2 } from '../model/re2.js';
import { EXIT_FAILURE, EXIT_SUCCESS, eprintln, println, type PromtoolIO } from './io.js';
import { readUnitTestFile } from './testRulesFile.js';
import { runTestGroup } from './testRulesGroup.js';
import { JunitSuite, junitTimestamp, junitXml } from './testRulesJunit.js';

/** The flags of `test rules`. */
export interface TestRulesOptions {
  readonly run: readonly string[];
  readonly debug: boolean;
  readonly diff: boolean;
  readonly ignoreUnknownFields: boolean;
  /** `--junit`: where to write JUnit XML ('' for nowhere). */
  readonly junitFile: string;
  readonly parser: ParseOptions;
}

/** Tests one file; returns its failures (empty when it passed). */
async function testFile(path: string, run: RegExp | undefined, options: TestRulesOptions, suite: JunitSuite, io: PromtoolIO): Promise<string[]> {
  let file;
  try {
    file = await readUnitTestFile(path);
  } catch (e) {
    suite.abort((e as Error).message);
    return [(e as Error).message];
  }
  for (const pattern of file.unmatchedPatterns) eprintln(io, '  WARNING: no file match pattern', pattern);
  const settings = {
    evaluationIntervalMs: file.evaluationIntervalMs,
    ruleFiles: file.ruleFiles,
    groupEvalOrder: file.groupEvalOrder,
    fuzzyCompare: file.fuzzyCompare,
    ignoreUnknownFields: options.ignoreUnknownFields,
    parser: options.parser,
    diff: options.diff,
    debug: options.debug,
  };
  const repeated = file.groupEvalOrder.find((name, i) => file.groupEvalOrder.indexOf(name) !== i);
  if (repeated !== undefined) {
    const message = `group name repeated in evaluation order: ${repeated}`;
    suite.abort(message);
    return [message];
  }
  const failures: string[] = [];
  for (const [i, group] of file.tests.entries()) {
    if (run !== undefined && !run.test(group.name)) continue;
    const testName = group.name !== '' ? group.name : `unnamed#${i}`;
    suite.startCase(testName);
    const errors = await runTestGroup(group, testName, settings, io);
    for (const error of errors) suite.fail(error);
    failures.push(...errors);
  }
  return failures;
}

/** Runs `promtool test rules`; returns the exit code. */
export async function testRulesCommand(files: readonly string[], options: TestRulesOptions, io: PromtoolIO): Promise<number> {
  let run: RegExp | undefined;
  if (options.run.length > 0) {
    try {
      const { source, flags } = translateRe2(options.run.join('|'));
      run = new RegExp(source, flags);
    } catch (e) {
      if (!(e instanceof RegexSyntaxError)) throw e;
      eprintln(io, `promtool: error: --run: ${e.message}`);
      return EXIT_FAILURE;
    }
  }
  let failed = false;
  const suites: JunitSuite[] = [];
  for (const path of files) {
    const suite = new JunitSuite(path, junitTimestamp());
    suites.push(suite);
    const failures = await testFile(path, run, options, suite, io);
    if (failures.length > 0) {
      eprintln(io, '  FAILED:');
      for (const failure of failures) {
        eprintln(io, failure);
        println(io);
      }
      failed = true;
    } else {
      println(io, '  SUCCESS');
    }
    println(io);
  }
  if (options.junitFile !== '') {
    try {
      await writeFile(options.junitFile, junitXml(suites));
    } catch (e) {
      eprintln(io, `failed to write JUnit XML: ${(e as Error).message}`);
    }
  }
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
