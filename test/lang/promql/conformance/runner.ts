/**
 * Runs a PromQL test script against our engine and an in-memory store, with the settings of the
 * upstream harness (README §1.10), and reports each eval as passed, failed or skipped.
 */
import type { Expr } from '../../../../src/lang/promql/ast.js';
import { Engine, QueryError } from '../../../../src/lang/promql/engine.js';
import { PromQLParseError, parseExpr } from '../../../../src/lang/promql/parser.js';
import type { QueryResult } from '../../../../src/lang/promql/queryResult.js';
import { STALE_NAN } from '../../../../src/model/staleness.js';
import { MemoryQueryable } from '../memoryQueryable.js';
import { checkAnnotations, checkFailure, checkMatrix, checkResult, floatEquals } from './resultCheck.js';
import { parseScript, type EvalCommand, type LoadCommand } from './scriptParser.js';
import type { SeriesLine } from './seriesNotation.js';

/** What happened to one eval. */
export interface EvalOutcome {
  readonly name: string;
  readonly query: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  readonly reason?: string;
}

/** The engine as the upstream harness configures it. */
export function conformanceEngine(): Engine {
  return new Engine({ lookbackDeltaMs: 5 * 60_000, maxSamples: 10_000, timeoutMs: 100_000 });
}

function load(store: MemoryQueryable, cmd: LoadCommand): void {
  // Within one block a later line for the same series replaces the earlier one.
  const bySeries = new Map<string, SeriesLine>();
  for (const line of cmd.series) {
    // Native histograms and start timestamps are not supported yet; their float series still load.
    if (line.hasHistograms || line.startTimestamps) continue;
    bySeries.set(line.labels.key, line);
  }
  for (const line of bySeries.values()) {
    line.values.forEach((slot, k) => {
      if (slot.kind === 'float') store.add(line.labels, k * cmd.intervalMs, slot.value);
      else if (slot.kind === 'stale') store.add(line.labels, k * cmd.intervalMs, STALE_NAN);
    });
  }
}

type Attempt = { result: QueryResult } | { error: Error };

async function attempt(run: () => Promise<QueryResult>): Promise<Attempt> {
  try {
    return { result: await run() };
  } catch (e) {
    if (e instanceof QueryError || e instanceof PromQLParseError) return { error: e };
    throw e;
  }
}

const USES_QUERY_RANGE_FUNCTIONS = /\b(start|end|range|step)\(\)/;

// README §1.11.2: the instant expectation must also hold at t in a range query around t.
async function crossCheckRange(engine: Engine, store: MemoryQueryable, cmd: EvalCommand, expr: Expr | string): Promise<string | undefined> {
  const t = cmd.timeMs;
  const outcome = await attempt(() => engine.rangeQuery(store, expr, t - 60_000, t + 60_000, 60_000));
  if ('error' in outcome) return `range-mode cross-check failed: ${outcome.error.message}`;
  if (outcome.result.type !== 'matrix') return 'range-mode cross-check did not return a matrix';
  const atT = outcome.result.series
    .map((s) => ({ labels: s.labels, i: Array.from(s.timestamps).indexOf(t), s }))
    .filter((x) => x.i >= 0)
    .map(({ labels, i, s }) => ({ labels, timestamps: [t], values: [s.values[i]!] }));
  if (cmd.scalar !== undefined) return atT.length === 1 && floatEquals(cmd.scalar, atT[0]!.values[0]!) ? undefined : 'range-mode cross-check: scalar differs';
  const problem = checkMatrix(cmd.results, atT, { startMs: t, endMs: t, stepMs: 1 });
  return problem === undefined ? undefined : `range-mode cross-check: ${problem}`;
}

async function runEval(engine: Engine, store: MemoryQueryable, cmd: EvalCommand): Promise<Omit<EvalOutcome, 'name' | 'query'>> {
  if (cmd.results.some((line) => line.hasHistograms)) return { status: 'skipped', reason: 'not implemented yet: native histograms' };
  let expr: Expr | undefined;
  try {
    expr = parseExpr(cmd.query);
  } catch (e) {
    if (!(e instanceof PromQLParseError)) throw e;
    if (e.unsupported !== undefined) return { status: 'skipped', reason: `not implemented yet: ${e.unsupported}` };
  }
  const range = cmd.range;
  // A query our parser rejects still goes through the engine, which reports the same parse error.
  const query = expr ?? cmd.query;
  const outcome = await attempt(() =>
    range === undefined ? engine.instantQuery(store, query, cmd.timeMs) : engine.rangeQuery(store, query, range.startMs, range.endMs, range.stepMs),
  );
  if ('error' in outcome) {
    if (outcome.error.message.startsWith('not implemented yet')) return { status: 'skipped', reason: outcome.error.message };
    if (cmd.fail === undefined) return { status: 'failed', reason: `unexpected error: ${outcome.error.message}` };
    const problem = checkFailure(cmd.fail, outcome.error.message);
    return problem === undefined ? { status: 'passed' } : { status: 'failed', reason: problem };
  }
  if (cmd.fail !== undefined) return { status: 'failed', reason: 'expected the query to fail' };
  const problem =
    checkResult(cmd, outcome.result) ??
    checkAnnotations('warning', cmd.warn, cmd.noWarn, outcome.result.warnings) ??
    checkAnnotations('info', cmd.info, cmd.noInfo, outcome.result.infos) ??
    (range === undefined && cmd.string === undefined && cmd.rangeVector === undefined && !cmd.ordered && !USES_QUERY_RANGE_FUNCTIONS.test(cmd.query)
      ? await crossCheckRange(engine, store, cmd, query)
      : undefined);
  return problem === undefined ? { status: 'passed' } : { status: 'failed', reason: problem };
}

/** Runs every command of a script in order; returns one outcome per eval, named `<file>:<line>`. */
export async function runScript(text: string, file: string, engine: Engine = conformanceEngine()): Promise<EvalOutcome[]> {
  const store = new MemoryQueryable();
  const outcomes: EvalOutcome[] = [];
  for (const cmd of parseScript(text)) {
    if (cmd.kind === 'clear') store.clear();
    else if (cmd.kind === 'load') load(store, cmd);
    else outcomes.push({ name: `${file}:${cmd.line}`, query: cmd.query, ...(await runEval(engine, store, cmd)) });
  }
  return outcomes;
}

/** `passed/skipped/failed` counts of some outcomes. */
export function countOutcomes(outcomes: readonly EvalOutcome[]): Record<EvalOutcome['status'], number> {
  const counts = { passed: 0, skipped: 0, failed: 0 };
  for (const o of outcomes) counts[o.status]++;
  return counts;
}
