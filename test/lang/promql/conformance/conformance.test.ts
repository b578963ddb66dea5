/**
 * Upstream Prometheus PromQL test scripts, run in place from ../shared/conformance. Each eval is
 * a test case named `<file>:<line>`; evals using constructs not implemented yet are skipped with
 * the construct named.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { conformanceDir, hasConformance } from '../../../support/paths.js';
import { countOutcomes, runScript, type EvalOutcome } from './runner.js';

/** The scripts the implemented part of the language can answer. */
const FILES = ['selectors.test', 'staleness.test'];

const promqlDir = join(conformanceDir, 'promql');

if (!hasConformance || !existsSync(promqlDir)) {
  describe('PromQL conformance', () => {
    it('upstream PromQL test scripts', { skip: `conformance corpus not found at ${promqlDir}` }, () => {});
  });
} else {
  const results = new Map<string, EvalOutcome[]>();
  for (const file of FILES) results.set(file, await runScript(readFileSync(join(promqlDir, file), 'utf8'), file));

  describe('PromQL conformance', () => {
    for (const [file, outcomes] of results) {
      describe(file, () => {
        for (const o of outcomes) {
          const title = `${o.name} ${o.query}`;
          if (o.status === 'skipped') it(title, { skip: o.reason }, () => {});
          else it(title, () => assert.equal(o.status, 'passed', o.reason));
        }
        it('summary', (t) => {
          const c = countOutcomes(outcomes);
          t.diagnostic(`${file}: ${c.passed} passed, ${c.skipped} skipped, ${c.failed} failed`);
        });
      });
    }
  });
}
