/**
 * The parser over every `eval` query of the upstream conformance corpus: each must parse with all
 * opt-in syntax on (upstream parses them so), print to a form that parses back to the same tree,
 * and be refused with the opt-in syntax it uses switched off.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Expr } from '../../../src/lang/promql/ast.js';
import { AGGREGATIONS, functionSignature } from '../../../src/lang/promql/functionSignatures.js';
import { ALL_FEATURES, PromQLParseError, parseExpr, type ParseOptions } from '../../../src/lang/promql/parser.js';
import { formatExpr } from '../../../src/lang/promql/printer.js';
import { corpusQueries, hasPromqlCorpus, shape } from './parseHelpers.js';

const skip = hasPromqlCorpus ? false : 'conformance corpus not found (../shared/conformance)';

// Every node, durations included (walkExpr does not descend into ranges and offsets).
function nodes(e: Expr, out: Expr[] = []): Expr[] {
  out.push(e);
  const more: (Expr | undefined)[] = [];
  switch (e.kind) {
    case 'VectorSelector': more.push(e.offsetExpr); break;
    case 'MatrixSelector': more.push(e.selector, e.rangeExpr); break;
    case 'SubqueryExpr': more.push(e.expr, e.rangeExpr, e.stepExpr, e.offsetExpr); break;
    case 'ParenExpr':
    case 'UnaryExpr': more.push(e.expr); break;
    case 'Call': more.push(...e.args); break;
    case 'AggregateExpr': more.push(e.param, e.expr); break;
    case 'BinaryExpr': more.push(e.lhs, e.rhs); break;
    case 'DurationExpr': more.push(e.lhs, e.rhs); break;
  }
  for (const child of more) if (child !== undefined) nodes(child, out);
  return out;
}

/** The opt-in syntax a parsed query uses. */
function featuresUsed(e: Expr): Set<keyof ParseOptions> {
  const used = new Set<keyof ParseOptions>();
  for (const n of nodes(e)) {
    if (n.kind === 'Call' && functionSignature(n.func)?.experimental === true) used.add('experimentalFunctions');
    if (n.kind === 'AggregateExpr' && AGGREGATIONS.get(n.op)?.experimental === true) used.add('experimentalFunctions');
    if (n.kind === 'VectorSelector' && (n.anchored === true || n.smoothed === true)) used.add('extendedRangeSelectors');
    if (n.kind === 'BinaryExpr' && (n.matching?.fillLeft !== undefined || n.matching?.fillRight !== undefined)) used.add('binopFillModifiers');
    if (n.kind === 'DurationExpr') used.add('durationExpressions');
  }
  return used;
}

describe('PromQL parser over the conformance corpus', { skip }, () => {
  const queries = corpusQueries();

  it('parses every eval query with all opt-in syntax enabled', (t) => {
    const failures: string[] = [];
    for (const { file, line, query } of queries) {
      try {
        parseExpr(query, ALL_FEATURES);
      } catch (e) {
        failures.push(`${file}:${line}: ${query}\n  ${(e as Error).message}`);
      }
    }
    t.diagnostic(`${queries.length - failures.length} of ${queries.length} corpus queries parsed`);
    assert.ok(queries.length >= 2214, `found ${queries.length} eval queries`);
    assert.deepEqual(failures, []);
  });

  it('prints every query to a canonical form that parses back to the same tree', () => {
    for (const { file, line, query } of queries) {
      const first = parseExpr(query, ALL_FEATURES);
      const printed = formatExpr(first);
      const second = parseExpr(printed, ALL_FEATURES);
      assert.deepEqual(shape(second), shape(first), `${file}:${line}: ${query}\n  printed as ${printed}`);
      assert.equal(formatExpr(second), printed, `${file}:${line}: printing is not stable`);
    }
  });

  it('refuses each query whose opt-in syntax is switched off, and accepts the others by default', (t) => {
    const counts = { gated: 0, plain: 0 };
    for (const { file, line, query } of queries) {
      const used = featuresUsed(parseExpr(query, ALL_FEATURES));
      for (const feature of used) {
        const options: ParseOptions = { ...ALL_FEATURES, [feature]: false };
        assert.throws(() => parseExpr(query, options), PromQLParseError, `${file}:${line} should need ${feature}: ${query}`);
      }
      const defaultsSuffice = [...used].every((f) => f === 'durationExpressions');
      if (defaultsSuffice) assert.doesNotThrow(() => parseExpr(query), `${file}:${line}: ${query}`);
      else assert.throws(() => parseExpr(query), PromQLParseError, `${file}:${line}: ${query}`);
      counts[defaultsSuffice ? 'plain' : 'gated']++;
    }
    t.diagnostic(`${counts.gated} queries need an opt-in feature beyond the defaults, ${counts.plain} parse with the defaults`);
    assert.ok(counts.gated > 300);
  });
});
