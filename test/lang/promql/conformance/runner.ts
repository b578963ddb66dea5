/**
 * Runs a PromQL test script against our engine and an in-memory store, with the settings of the
 * upstream harness (README §1.10), and reports each eval as passed, failed or skipped. Only
 * evals that need native histograms are skipped (they are listed in EVALS.tsv); native
 * histogram sample lines are not loaded, and `load_with_nhcb` loads its float series only.
 */
import { Engine, QueryError } from '../../../../src/lang/promql/engine.js';
import { ALL_FEATURES, PromQLParseError } from '../../../../src/lang/promql/parser.js';
import type { QueryResult } from '../../../../src/lang/promql/queryResult.js';
import { Labels } from '../../../../src/model/labels.js';
import { STALE_NAN } from '../../../../src/model/staleness.js';
import { MemoryQueryable } from '../memoryQueryable.js';
import { checkAnnotations, checkFailure, checkMatrix, checkResult, floatEquals } from './resultCheck.js';
import { parseScript, type EvalCommand, type LoadCommand } from './scriptParser.js';
import type { SeriesLine } from '../../../../src/lang/seriesNotation.js';
import { stepInvarianceCheck } from './stepInvariance.js';

/** What happened to one eval. */
export interface EvalOutcome {
  readonly name: string;
  readonly query: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  readonly reason?: string;
}

/** Which evals to skip (by line), and which extra checks of README §1.11 to run. */
export interface RunOptions {
  /** Eval lines to skip, with the reason. */
  readonly skip?: ReadonlyMap<number, string>;
  /** README §1.11.2: re-run instant evals as a range query around t. */
  readonly rangeCrossCheck?: boolean;
  /** README §1.11.1: re-run instant evals pinned with `@` at other times. */
  readonly stepInvariance?: boolean;
}

/** The engine as the upstream harness configures it. */
export function conformanceEngine(): Engine {
  return new Engine({ lookbackDeltaMs: 5 * 60_000, maxSamples: 10_000, timeoutMs: 100_000, defaultSubqueryStepMs: 60_000, parseOptions: ALL_FEATURES, delayedNameRemoval: true });
}

function load(store: MemoryQueryable, cmd: LoadCommand): void {
  // Within one block a later line for the same series replaces the earlier one.
  const bySeries = new Map<string, SeriesLine>();
  // A `series@st` line gives the start timestamps of the sample line of the same series.
  const starts = new Map<string, (number | undefined)[]>();
  for (const line of cmd.series) {
    if (line.startTimestamps) starts.set(line.labels.key, line.startOffsets ?? []);
    // Native histogram samples are not supported; the block's float series still load.
    else if (!line.hasHistograms) bySeries.set(line.labels.key, line);
  }
  for (const line of bySeries.values()) {
    const offsets = starts.get(line.labels.key);
    line.values.forEach((slot, k) => {
      const t = k * cmd.intervalMs;
      const offset = offsets?.[k];
      const st = offset === undefined ? undefined : t + offset;
      if (slot.kind === 'float') store.add(line.labels, t, slot.value, st);
      else if (slot.kind === 'stale') store.add(line.labels, t, STALE_NAN, st);
    });
  }
}

type Attempt = { result: QueryResult } | { error: Error };

/** Runs a query, turning query and parse errors into values. */
export async function attempt(run: () => Promise<QueryResult>): Promise<Attempt> {
  try {
    return { result: await run() };
  } catch (e) {
    if (e instanceof QueryError || e instanceof PromQLParseError) return { error: e };
    throw e;
  }
}

const USES_QUERY_RANGE_FUNCTIONS = /\b(start|end|range|step)\(\)/;

// README §1.11.2: the instant expectation must also hold at t in a range query around t.
async function crossCheckRange(engine: Engine, store: MemoryQueryable, cmd: EvalCommand): Promise<string | undefined> {
  const t = cmd.timeMs;
  const outcome = await attempt(() => engine.rangeQuery(store, cmd.query, t - 60_000, t + 60_000, 60_000));
  if ('error' in outcome) return `range-mode cross-check failed: ${outcome.error.message}`;
  if (outcome.result.type !== 'matrix') return 'range-mode cross-check did not return a matrix';
  const atT = outcome.result.series
    .map((s) => ({ labels: s.labels, i: Array.from(s.timestamps).indexOf(t), s }))
    .filter((x) => x.i >= 0)
    .map(({ labels, i, s }) => ({ labels, timestamps: [t], values: [s.values[i]!] }));
  if (cmd.scalar !== undefined) return atT.length === 1 && floatEquals(cmd.scalar, atT[0]!.values[0]!) ? undefined : 'range-mode cross-check: scalar differs';
  const series = outcome.result.series;
  for (let i = 1; i < series.length; i++) {
    if (Labels.compare(series[i - 1]!.labels, series[i]!.labels) >= 0) return `range-mode cross-check: matrix not sorted at ${series[i]!.labels.toString()}`;
  }
  const problem = checkMatrix(cmd.results, atT, { startMs: t, endMs: t, stepMs: 1 });
  return problem === undefined ? undefined : `range-mode cross-check: ${problem}`;
}

/** Checks one query outcome against the eval's expectations (README §1.8, §1.9). */
export function checkOutcome(cmd: EvalCommand, outcome: Attempt, annotations = true): string | undefined {
  if ('error' in outcome) {
    if (cmd.fail === undefined) return `unexpected error: ${outcome.error.message}`;
    return checkFailure(cmd.fail, outcome.error.message);
  }
  if (cmd.fail !== undefined) return 'expected the query to fail';
  return (
    checkResult(cmd, outcome.result) ??
    (annotations ? checkAnnotations('warning', cmd.warn, cmd.noWarn, outcome.result.warnings) : undefined) ??
    (annotations ? checkAnnotations('info', cmd.info, cmd.noInfo, outcome.result.infos) : undefined)
  );
}

async function runEval(engine: Engine, store: MemoryQueryable, cmd: EvalCommand, options: RunOptions): Promise<Omit<EvalOutcome, 'name' | 'query'>> {
  const range = cmd.range;
  const outcome = await attempt(() =>
    range === undefined ? engine.instantQuery(store, cmd.query, cmd.timeMs) : engine.rangeQuery(store, cmd.query, range.startMs, range.endMs, range.stepMs),
  );
  let problem = checkOutcome(cmd, outcome);
  const plainInstant = range === undefined && cmd.fail === undefined && cmd.string === undefined && cmd.rangeVector === undefined;
  if (problem === undefined && plainInstant && options.rangeCrossCheck !== false && !cmd.ordered && !USES_QUERY_RANGE_FUNCTIONS.test(cmd.query)) {
    problem = await crossCheckRange(engine, store, cmd);
  }
  if (problem === undefined && range === undefined && options.stepInvariance === true) {
    problem = await stepInvarianceCheck(engine, store, cmd);
  }
  return problem === undefined ? { status: 'passed' } : { status: 'failed', reason: problem };
}

/** Runs every command of a script in order; returns one outcome per eval, named `<file>:<line>`. */
export async function runScript(text: string, file: string, engine: Engine = conformanceEngine(), options: RunOptions = {}): Promise<EvalOutcome[]> {
  const store = new MemoryQueryable();
  const outcomes: EvalOutcome[] = [];
  for (const cmd of parseScript(text)) {
    if (cmd.kind === 'clear') store.clear();
    else if (cmd.kind === 'load') load(store, cmd);
    else {
      const name = `${file}:${cmd.line}`;
      const skip = options.skip?.get(cmd.line);
      if (skip !== undefined) outcomes.push({ name, query: cmd.query, status: 'skipped', reason: skip });
      else outcomes.push({ name, query: cmd.query, ...(await runEval(engine, store, cmd, options)) });
    }
  }
  return outcomes;
}

/** `passed/skipped/failed` counts of some outcomes. */
export function countOutcomes(outcomes: readonly EvalOutcome[]): Record<EvalOutcome['status'], number> {
  const counts = { passed: 0, skipped: 0, failed: 0 };
  for (const o of outcomes) counts[o.status]++;
  return counts;
}
