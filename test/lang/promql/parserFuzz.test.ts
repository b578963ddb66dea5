/**
 * The parser must never crash or hang: every input either parses or fails with a
 * PromQLParseError, quickly. Inputs are random token soup and random mutations of the corpus
 * queries (which start out valid, so mutations probe the edges of the grammar).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALL_FEATURES, PromQLParseError, parseExpr, type ParseOptions } from '../../../src/lang/promql/parser.js';
import { formatExpr } from '../../../src/lang/promql/printer.js';
import { corpusQueries, seededRandom, shape } from './parseHelpers.js';

const TIME_LIMIT_MS = 250;

const TOKENS = [
  'foo', 'bar{a="b"}', '{"x.y"}', '{a=~"."}', '(', ')', '[', ']', '[5m]', '[5m:]', '[1h:1m]', '[step()]', '{', '}',
  '1', '2.5', '0x1f', '1e3', '5m', '0s', 'Inf', 'NaN', '-', '+', '*', '/', '%', '^', 'atan2', '==', '!=', '>', '<',
  '>=', '<=', '</', '>/', 'and', 'or', 'unless', 'bool', 'on', 'ignoring', '(a)', '()', '(a, b)', 'group_left',
  'group_right', 'fill', 'fill_left', 'fill_right', 'sum', 'topk', 'count_values', 'quantile', 'limitk', 'by',
  'without', 'rate', 'abs', 'label_join', 'info', 'min_of', 'max_of', 'step', 'range', 'start', 'end', 'time()', ',',
  ':', 'offset', '@', 'anchored', 'smoothed', '"s"', "'t'", '`u`', '#c\n', '\n', ' ', '=', '=~', '!~', '.', '$',
];

const PIECES = ['(', ')', '[', ']', '{', '}', ',', ':', ' ', '-', '^', '@', '5m', '1', 'offset ', 'x', '"', 'by ', '+'];

// One random edit of a string: delete, insert or duplicate a slice, or swap two characters.
function mutate(q: string, random: () => number): string {
  const at = Math.floor(random() * (q.length + 1));
  const to = Math.min(q.length, at + 1 + Math.floor(random() * 6));
  switch (Math.floor(random() * 4)) {
    case 0:
      return q.slice(0, at) + q.slice(to);
    case 1:
      return q.slice(0, at) + PIECES[Math.floor(random() * PIECES.length)] + q.slice(at);
    case 2:
      return q.slice(0, to) + q.slice(at, to) + q.slice(to);
    default: {
      const chars = [...q];
      const i = Math.floor(random() * chars.length);
      const j = Math.floor(random() * chars.length);
      [chars[i], chars[j]] = [chars[j]!, chars[i]!];
      return chars.join('');
    }
  }
}

interface FuzzStats {
  parsed: number;
  rejected: number;
  slowestMs: number;
}

// Parses one input; anything but success or a PromQLParseError, or a slow parse, fails the test.
function probe(query: string, stats: FuzzStats, options: ParseOptions = ALL_FEATURES): void {
  const started = performance.now();
  try {
    const expr = parseExpr(query, options);
    stats.parsed++;
    // Whatever parses must also print to something that parses back to the same tree.
    const printed = formatExpr(expr);
    assert.deepEqual(shape(parseExpr(printed, options)), shape(expr), `${JSON.stringify(query)} printed as ${JSON.stringify(printed)}`);
  } catch (e) {
    if (!(e instanceof PromQLParseError)) assert.fail(`${JSON.stringify(query)} threw ${String((e as Error).stack ?? e)}`);
    stats.rejected++;
  }
  const elapsed = performance.now() - started;
  stats.slowestMs = Math.max(stats.slowestMs, elapsed);
  assert.ok(elapsed < TIME_LIMIT_MS, `${JSON.stringify(query)} took ${elapsed.toFixed(0)} ms`);
}

describe('PromQL parser fuzzing', () => {
  it('survives random token soup', (t) => {
    const random = seededRandom(20240601);
    const stats: FuzzStats = { parsed: 0, rejected: 0, slowestMs: 0 };
    const iterations = 3000;
    for (let i = 0; i < iterations; i++) {
      let q = '';
      for (let n = 1 + Math.floor(random() * 14); n > 0; n--) q += TOKENS[Math.floor(random() * TOKENS.length)] + (random() < 0.6 ? ' ' : '');
      probe(q, stats, random() < 0.8 ? ALL_FEATURES : {});
    }
    t.diagnostic(`${iterations} soups: ${stats.parsed} parsed, ${stats.rejected} rejected, slowest ${stats.slowestMs.toFixed(1)} ms`);
    assert.ok(stats.parsed > 50, 'the soup should sometimes be valid PromQL');
  });

  it('survives mutations of the corpus queries', (t) => {
    const queries = corpusQueries().map((c) => c.query);
    if (queries.length === 0) return t.skip('conformance corpus not found');
    const random = seededRandom(7);
    const stats: FuzzStats = { parsed: 0, rejected: 0, slowestMs: 0 };
    const iterations = 3000;
    for (let i = 0; i < iterations; i++) {
      let q = queries[Math.floor(random() * queries.length)]!;
      for (let edits = 1 + Math.floor(random() * 3); edits > 0; edits--) q = mutate(q, random);
      probe(q, stats);
    }
    t.diagnostic(`${iterations} mutants: ${stats.parsed} parsed, ${stats.rejected} rejected, slowest ${stats.slowestMs.toFixed(1)} ms`);
    assert.ok(stats.parsed > 100 && stats.rejected > 100);
  });

  it('handles long and deeply nested inputs without overflowing', () => {
    const stats: FuzzStats = { parsed: 0, rejected: 0, slowestMs: 0 };
    const long = Array.from({ length: 3000 }, (_, i) => `m${i}`).join(' + ');
    const started = performance.now();
    assert.equal(parseExpr(long).kind, 'BinaryExpr');
    assert.ok(performance.now() - started < 5000);
    // Upstream's own regression input: 10 000 selectors in one expression, 1000 nested subqueries.
    const huge = '(' + '-{}-1'.repeat(2000) + ')' + '[1m:]'.repeat(200);
    assert.equal(parseExpr_(huge), '1:3: parse error: vector selector must contain at least one non-empty matcher');
    probe('('.repeat(300) + 'x' + ')'.repeat(300), stats);
    probe('abs('.repeat(300) + 'x' + ')'.repeat(300), stats);
    probe('-'.repeat(500) + '1', stats);
  });
});

function parseExpr_(q: string): string {
  try {
    parseExpr(q);
    return 'parsed';
  } catch (e) {
    return (e as Error).message;
  }
}
