/** Shared helpers of the PromQL parser tests: error capture, position-free trees, corpus queries. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Expr } from '../../../src/lang/promql/ast.js';
import { ALL_FEATURES, PromQLParseError, parseExpr, type ParseOptions } from '../../../src/lang/promql/parser.js';
import type { Matcher } from '../../../src/model/matcher.js';
import { conformanceDir } from '../../support/paths.js';

/** The error a query fails with (all features on unless options say otherwise). */
export function parseError(query: string, options: ParseOptions = ALL_FEATURES): PromQLParseError {
  try {
    parseExpr(query, options);
  } catch (e) {
    assert.ok(e instanceof PromQLParseError, `expected a PromQLParseError for ${JSON.stringify(query)}, got ${String(e)}`);
    return e;
  }
  assert.fail(`expected ${JSON.stringify(query)} not to parse`);
}

/** Parses with every opt-in syntax enabled, as the conformance corpus is. */
export function parseAll(query: string): Expr {
  return parseExpr(query, ALL_FEATURES);
}

/**
 * The tree without what legitimately differs between a query and its canonical form:
 * positions, and the order of matchers (the printer sorts them).
 */
export function shape(e: Expr): unknown {
  return JSON.parse(
    JSON.stringify(e, (key, value: unknown) => {
      if (key === 'pos') return undefined;
      if (key === 'matchers') return (value as Matcher[]).map((m) => m.toString()).sort();
      if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
      return value;
    }),
  );
}

/** One `eval` query of the conformance corpus. */
export interface CorpusQuery {
  readonly file: string;
  readonly line: number;
  readonly query: string;
}

// `eval instant at <t> <q>` and `eval range from <s> to <e> step <st> <q>` (plus the legacy eval_* forms).
const EVAL_HEADER = /^eval(?:_fail|_warn|_info|_ordered)?\s+(instant\s+at\s+\S+|range\s+from\s+\S+\s+to\s+\S+\s+step\s+\S+)\s+(.*)$/;

// Compiled tests may live outside the checkout; the corpus is then found from the working directory.
const promqlCorpusDir = [join(conformanceDir, 'promql'), resolve(process.cwd(), '..', 'shared', 'conformance', 'promql')].find((d) =>
  existsSync(d),
);

/** Whether the PromQL conformance scripts are present (suites skip with a message when not). */
export const hasPromqlCorpus = promqlCorpusDir !== undefined;

/** Every eval query of the corpus's `promql/*.test` files, in file order. */
export function corpusQueries(): CorpusQuery[] {
  const dir = promqlCorpusDir;
  if (dir === undefined) return [];
  const out: CorpusQuery[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.test')).sort()) {
    readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .forEach((raw, i) => {
        const m = EVAL_HEADER.exec(raw.trim());
        if (m) out.push({ file, line: i + 1, query: m[2]! });
      });
  }
  return out;
}

/** A small deterministic random source (tests must be reproducible). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    // xorshift32
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
}

/** A compact prefix rendering of a tree, so that tests state structure (precedence) at a glance. */
export function tree(e: Expr): string {
  switch (e.kind) {
    case 'NumberLiteral':
      return String(e.value);
    case 'StringLiteral':
      return JSON.stringify(e.value);
    case 'VectorSelector':
      return e.name === '' ? '{…}' : e.name;
    case 'MatrixSelector':
      return `(range ${tree(e.selector)})`;
    case 'SubqueryExpr':
      return `(subquery ${tree(e.expr)})`;
    case 'ParenExpr':
      return `(paren ${tree(e.expr)})`;
    case 'UnaryExpr':
      return `(${e.op}u ${tree(e.expr)})`;
    case 'BinaryExpr':
      return `(${e.op}${e.returnBool ? ' bool' : ''} ${tree(e.lhs)} ${tree(e.rhs)})`;
    case 'Call':
      return `(${e.func}${e.args.map((a) => ' ' + tree(a)).join('')})`;
    case 'AggregateExpr':
      return `(${e.op}${e.param ? ' ' + tree(e.param) : ''} ${tree(e.expr)})`;
    case 'DurationExpr':
      return `(d${e.op}${[e.lhs, e.rhs].filter((x) => x !== undefined).map((x) => ' ' + tree(x)).join('')})`;
  }
}
