/**
 * Upstream Prometheus PromQL test scripts, run in place from ../shared/conformance. Each eval is
 * a test case named `<file>:<line>` that fails when the eval fails; only evals that EVALS.tsv
 * marks as needing native histograms are skipped. Instant evals are also cross-checked as range
 * queries (README §1.11.2) and pinned with `@` at other times (§1.11.1; off with
 * PROMQL_CONFORMANCE_STEP_INVARIANCE=0). PROMQL_CONFORMANCE_VERBOSE=1 prints every failure with expected and
 * actual values.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { conformanceDir, hasConformance } from '../../../support/paths.js';
import { countOutcomes, runScript, type EvalOutcome } from './runner.js';

const promqlDir = join(conformanceDir, 'promql');

/** Eval lines per file that need native histograms, from EVALS.tsv. */
function nativeHistogramEvals(): Map<string, Map<number, string>> {
  const byFile = new Map<string, Map<number, string>>();
  const [header, ...rows] = readFileSync(join(promqlDir, 'EVALS.tsv'), 'utf8').trim().split('\n');
  const columns = header!.split('\t');
  const [file, line, needs, reason] = ['file', 'line', 'needs_native_histograms', 'nh_reason'].map((c) => columns.indexOf(c));
  for (const row of rows) {
    const cells = row.split('\t');
    if (cells[needs!] !== 'yes') continue;
    if (!byFile.has(cells[file!]!)) byFile.set(cells[file!]!, new Map());
    byFile.get(cells[file!]!)!.set(Number(cells[line!]), `needs native histograms (${cells[reason!]})`);
  }
  return byFile;
}

if (!hasConformance || !existsSync(promqlDir)) {
  describe('PromQL conformance', () => {
    it('upstream PromQL test scripts', { skip: `conformance corpus not found at ${promqlDir}` }, () => {});
  });
} else {
  const skips = nativeHistogramEvals();
  const verbose = process.env['PROMQL_CONFORMANCE_VERBOSE'] === '1';
  const stepInvariance = process.env['PROMQL_CONFORMANCE_STEP_INVARIANCE'] !== '0';
  const files = readdirSync(promqlDir).filter((f) => f.endsWith('.test')).sort();
  const results = new Map<string, EvalOutcome[]>();
  for (const file of files) {
    const text = readFileSync(join(promqlDir, file), 'utf8');
    results.set(file, await runScript(text, file, undefined, { skip: skips.get(file) ?? new Map(), stepInvariance }));
  }
  const lines: string[] = [];
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const [file, outcomes] of results) {
    const c = countOutcomes(outcomes);
    total.passed += c.passed;
    total.failed += c.failed;
    total.skipped += c.skipped;
    lines.push(`${file}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
    if (verbose) for (const o of outcomes) if (o.status === 'failed') lines.push(`  FAIL ${o.name} ${o.query}\n       ${o.reason}`);
  }
  lines.push(`promql conformance: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  console.log(lines.join('\n'));

  describe('PromQL conformance', () => {
    for (const [file, outcomes] of results) {
      describe(file, () => {
        for (const o of outcomes) {
          const title = `${o.name} ${o.query}`;
          if (o.status === 'skipped') it(title, { skip: o.reason }, () => {});
          else it(title, () => assert.equal(o.status, 'passed', o.reason));
        }
      });
    }
  });
}
