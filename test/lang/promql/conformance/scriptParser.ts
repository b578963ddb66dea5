/**
 * Parser for Prometheus's PromQL test scripts (`promql/*.test`, README §1): `load`, `clear` and
 * `eval` commands with their expectations. Execution lives in runner.ts.
 */
import { parseDuration } from '../../../../src/model/duration.js';
import { parseFloatValue, parseSeriesLine, type SeriesLine } from '../../../../src/lang/seriesNotation.js';

/** `load <interval>` (also `load_with_nhcb`, whose histogram conversion this runner skips). */
export interface LoadCommand {
  readonly kind: 'load';
  readonly line: number;
  readonly intervalMs: number;
  readonly series: SeriesLine[];
}

/** `clear`. */
export interface ClearCommand {
  readonly kind: 'clear';
  readonly line: number;
}

/** `expect fail|warn|info` with an optional exact message or regex. */
export interface Expectation {
  readonly msg?: string;
  readonly regex?: RegExp;
}

/** An `eval` command. */
export interface EvalCommand {
  readonly kind: 'eval';
  readonly line: number;
  readonly query: string;
  readonly range?: { readonly startMs: number; readonly endMs: number; readonly stepMs: number };
  readonly timeMs: number;
  readonly results: SeriesLine[];
  readonly scalar?: number;
  readonly string?: string;
  readonly rangeVector?: { readonly startMs: number; readonly endMs: number; readonly stepMs: number };
  readonly fail?: Expectation;
  readonly warn: Expectation[];
  readonly info: Expectation[];
  readonly noWarn: boolean;
  readonly noInfo: boolean;
  readonly ordered: boolean;
}

/** One command of a script. */
export type Command = LoadCommand | ClearCommand | EvalCommand;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

// `msg: text` / `regex: re` after an expect type.
function parseExpectation(rest: string): Expectation {
  const m = /^(msg|regex):(.*)$/.exec(rest.trim());
  if (!m) return {};
  return m[1] === 'msg' ? { msg: m[2]!.trim() } : { regex: new RegExp(m[2]!.trim()) };
}

function parseEvalHeader(header: string, line: number): EvalCommand {
  const words = header.split(/\s+/);
  const head = words[0]!;
  const instant = words[1] === 'instant';
  const timingWords = instant ? 4 : 8;
  if ((instant && words[2] !== 'at') || (!instant && (words[1] !== 'range' || words[2] !== 'from' || words[4] !== 'to' || words[6] !== 'step'))) {
    throw new Error(`line ${line}: bad eval header ${JSON.stringify(header)}`);
  }
  // The query is everything after the timing words, spaces inside it preserved.
  let rest = header;
  for (let i = 0; i < timingWords; i++) rest = rest.trimStart().replace(/^\S+/, '');
  const query = rest.trim();
  const cmd: Mutable<EvalCommand> = { kind: 'eval', line, query, timeMs: 0, results: [], warn: [], info: [], noWarn: false, noInfo: false, ordered: head === 'eval_ordered' };
  if (instant) {
    cmd.timeMs = parseDuration(words[3]!);
  } else {
    cmd.range = { startMs: parseDuration(words[3]!), endMs: parseDuration(words[5]!), stepMs: parseDuration(words[7]!) };
    if (cmd.range.endMs < cmd.range.startMs) throw new Error(`line ${line}: end before start`);
  }
  if (head === 'eval_fail') cmd.fail = {};
  if (head === 'eval_warn') cmd.warn = [{}];
  if (head === 'eval_info') cmd.info = [{}];
  return cmd;
}

// One body line of an eval; returns true when the line ends the block (a scalar result).
function addEvalLine(cmd: Mutable<EvalCommand>, text: string, line: number): boolean {
  const expect = /^expect (\S+)(.*)$/.exec(text);
  if (expect) {
    const [, type, rest] = expect as unknown as [string, string, string];
    if (type === 'fail') cmd.fail = parseExpectation(rest);
    else if (type === 'warn') cmd.warn = [...cmd.warn, parseExpectation(rest)];
    else if (type === 'info') cmd.info = [...cmd.info, parseExpectation(rest)];
    else if (type === 'no_warn') cmd.noWarn = true;
    else if (type === 'no_info') cmd.noInfo = true;
    else if (type === 'ordered') cmd.ordered = true;
    else if (type === 'string') cmd.string = parseStringLiteral(rest.trim(), line);
    else if (type === 'range') {
      const m = /^vector from (\S+) to (\S+) step (\S+)$/.exec(rest.trim());
      if (!m) throw new Error(`line ${line}: bad expect range vector`);
      cmd.rangeVector = { startMs: parseDuration(m[1]!), endMs: parseDuration(m[2]!), stepMs: parseDuration(m[3]!) };
    } else throw new Error(`line ${line}: unknown expectation ${type}`);
    return false;
  }
  const legacy = /^expected_fail_(message|regexp) (.*)$/.exec(text);
  if (legacy) {
    cmd.fail = legacy[1] === 'message' ? { msg: legacy[2]!.trim() } : { regex: new RegExp(legacy[2]!.trim()) };
    return false;
  }
  const scalar = parseFloatValue(text);
  if (scalar !== undefined) {
    cmd.scalar = scalar;
    return true;
  }
  cmd.results = [...cmd.results, parseSeriesLine(text)];
  return false;
}

function parseStringLiteral(text: string, line: number): string {
  const m = /^(["`])(.*)\1$/.exec(text);
  if (!m) throw new Error(`line ${line}: bad expect string ${text}`);
  return m[1] === '`' ? m[2]! : (JSON.parse(text) as string);
}

/** Parses a script into commands; eval line numbers are 1-based, as in EVALS.tsv. */
export function parseScript(text: string): Command[] {
  const lines = text.split('\n').map((l) => l.replace(/^[ \t]+|[ \t]+$/g, ''));
  const commands: Command[] = [];
  let i = 0;
  // A block body runs until an empty line or a comment.
  const bodyEnds = (l: string | undefined) => l === undefined || l === '' || l.startsWith('#');
  while (i < lines.length) {
    const header = lines[i]!;
    const lineNo = i + 1;
    i++;
    if (bodyEnds(header)) continue;
    const word = header.split(/\s+/)[0]!;
    if (word === 'clear') {
      commands.push({ kind: 'clear', line: lineNo });
    } else if (word === 'load' || word === 'load_with_nhcb') {
      const series: SeriesLine[] = [];
      for (; !bodyEnds(lines[i]); i++) series.push(parseSeriesLine(lines[i]!));
      commands.push({ kind: 'load', line: lineNo, intervalMs: parseDuration(header.split(/\s+/)[1]!), series });
    } else if (/^eval(_fail|_warn|_info|_ordered)?$/.test(word)) {
      const cmd: Mutable<EvalCommand> = parseEvalHeader(header, lineNo);
      for (; !bodyEnds(lines[i]); i++) {
        if (addEvalLine(cmd, lines[i]!, i + 1)) {
          i++;
          break;
        }
      }
      commands.push(cmd);
    } else {
      throw new Error(`line ${lineNo}: unknown command ${JSON.stringify(header)}`);
    }
  }
  return commands;
}
