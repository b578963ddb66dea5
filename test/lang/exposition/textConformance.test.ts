/**
 * Upstream's text-format benchmark bodies (conformance README section 4): every line must parse,
 * and what the parser reports is checked against counts and fields derived here by plain string
 * handling, independently of the parser.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Entry, PrometheusTextParser } from '../../../src/lang/exposition/index.js';
import { conformanceDir, hasConformance } from '../../support/paths.js';

const textparseDir = join(conformanceDir, 'textparse');
const skip = hasConformance ? false : `conformance corpus not found at ${conformanceDir}`;

interface Tally {
  series: number;
  types: Map<string, number>;
  helps: number;
  comments: string[];
}

/** Parses a body, cross-checking every series line against a naive split of the same line. */
function parseAndCheck(body: string): Tally {
  const lines = body.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  const tally: Tally = { series: 0, types: new Map(), helps: 0, comments: [] };
  const p = new PrometheusTextParser(body);
  for (let e = p.next(); e !== Entry.EOF; e = p.next()) {
    if (e === Entry.Type) tally.types.set(p.metricType(), (tally.types.get(p.metricType()) ?? 0) + 1);
    else if (e === Entry.Help) tally.helps++;
    else if (e === Entry.Comment) tally.comments.push(p.comment());
    else {
      const line = lines[tally.series++]!;
      // The fixtures carry no timestamps, so the value is the last blank-separated field.
      const cut = line.lastIndexOf(' ');
      assert.equal(p.seriesKey(), line.slice(0, cut));
      assert.equal(p.timestamp(), undefined);
      const valueText = line.slice(cut + 1);
      if (valueText === 'NaN') assert.ok(Number.isNaN(p.value()), line);
      else assert.equal(p.value(), Number(valueText), line);
      assert.deepEqual(p.labels().toRecord(), naiveLabels(line.slice(0, cut)), line);
    }
  }
  assert.equal(tally.series, lines.length, 'every non-comment line is one series');
  return tally;
}

/** Labels of `name{a="b",...}` by regular expression; enough for these fixtures (no escapes). */
function naiveLabels(key: string): Record<string, string> {
  const brace = key.indexOf('{');
  const record: Record<string, string> = { __name__: brace < 0 ? key : key.slice(0, brace) };
  if (brace >= 0) for (const m of key.slice(brace).matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="([^"]*)"/g)) if (m[2] !== '') record[m[1]!] = m[2]!;
  return record;
}

function countLines(body: string, pattern: RegExp): number {
  return body.split('\n').filter((l) => pattern.test(l)).length;
}

describe('text parser on upstream textparse fixtures', { skip }, () => {
  it('parses alltypes.237mfs.prom.txt: 237 typed families and 1857 samples', () => {
    const body = readFileSync(join(textparseDir, 'alltypes.237mfs.prom.txt'), 'utf8');
    const tally = parseAndCheck(body);

    // Counts derived from the raw text...
    assert.equal(tally.series, countLines(body, /^[^#]/));
    assert.equal(tally.helps, countLines(body, /^# HELP /));
    for (const type of ['counter', 'gauge', 'histogram', 'summary']) {
      assert.equal(tally.types.get(type), countLines(body, new RegExp(`^# TYPE \\S+ ${type}$`)), type);
    }
    // ...and the figures the corpus README states.
    assert.equal(tally.series, 1857);
    assert.equal(tally.helps, 237);
    assert.deepEqual(Object.fromEntries(tally.types), { counter: 112, gauge: 97, histogram: 15, summary: 13 });
    assert.deepEqual(tally.comments, ['# EOF']);
  });

  it('parses alltypes.237mfs.nometa.prom.txt: the same 1857 samples without metadata', () => {
    const body = readFileSync(join(textparseDir, 'alltypes.237mfs.nometa.prom.txt'), 'utf8');
    const tally = parseAndCheck(body);
    assert.equal(tally.series, countLines(body, /^[^#]/));
    assert.equal(tally.series, 1857);
    assert.equal(tally.types.size, 0);
    assert.equal(tally.helps, 0);
    assert.deepEqual(tally.comments, ['# EOF']);
  });

  // The two OpenMetrics fixtures (*.om.txt) are parsed in openMetricsConformance.test.ts.
});
